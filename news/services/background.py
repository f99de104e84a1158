"""Work done by the task workers (README, "Work in the background"): what every task shares.

Tasks are Django's Tasks API (the django-tasks backport: ``from django_tasks import task``; Django 6 has
the same as ``django.tasks``) on django-tasks-db's database backend. Enqueueing is a row written in the
caller's transaction: an upload and the task that renders it commit together or not at all.

django-tasks does not retry, so the portal's tasks do it themselves: a task that fails is enqueued again
later (``retry_later``, with growing delays) until ``MAX_ATTEMPTS``, and then its work is marked failed
where the newsroom sees it (a photo's "failed" state, an e-mail's). A worker that dies mid-task (killed,
its machine gone) leaves its task "running" for ever: ``requeue_abandoned`` gives tasks running longer
than PORTAL_TASK_LEASE_SECONDS back to the queue, and run_schedules calls it every minute. So every task
must be safe to run again: it checks the state of its work first.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus

try:  # Django 6: the Tasks API is Django's own
    from django.tasks import task
except ImportError:  # Django 5.2: the django-tasks backport, the same API
    from django_tasks import task

__all__ = ["MAX_ATTEMPTS", "requeue_abandoned", "retry_later", "task"]

MAX_ATTEMPTS = 3
RETRY_DELAYS = (datetime.timedelta(seconds=30), datetime.timedelta(minutes=5))


def retry_later(task, attempt, *args, **kwargs):
    """Enqueue ``task`` again after its ``attempt``-th failure (record the attempt first: a backend without
    a queue runs it at once); False when no attempt is left."""
    if attempt >= MAX_ATTEMPTS:
        return False
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1])
    task.enqueue(*args, **kwargs)
    return True


def requeue_abandoned(now=None):
    """Give tasks whose worker died mid-task to the next worker; how many."""
    from django_tasks_db.models import DBTaskResult

    lease = datetime.timedelta(seconds=settings.PORTAL_TASK_LEASE_SECONDS)
    started_before = (now or timezone.now()) - lease
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=started_before).update(
        status=TaskResultStatus.READY
    )
