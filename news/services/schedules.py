"""What runs on a schedule, without a hand-written loop: ``run_schedules`` (cron or a systemd timer, every
minute) calls ``run_due``, which

- gives tasks whose worker died back to the queue, and photos left waiting without a task a new one
  (every call: cheap, and it is what keeps "nothing lost" true);
- runs each schedule once per period: a period is claimed by inserting its ``ScheduleRun`` row in the
  transaction that enqueues its work, so a second call in the same minute (or on another machine) finds
  the row and does nothing, and a call that fails leaves the period to the next one.

Schedules enqueue work for the workers rather than doing it: run_schedules stays quick.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from news.models import ScheduleRun
from news.services import background, photos

MORNING_HOUR = 7  # local time: digests are in the inbox when the working day starts


@dataclass(frozen=True)
class Schedule:
    name: str
    period: Callable[[datetime.datetime], str | None]  # the period ``now`` is in, if the schedule is due in it
    run: Callable[[datetime.datetime], object]  # enqueues the period's work


def daily(hour=MORNING_HOUR):
    """Once a day, from ``hour`` local time on (a day the server was down at that hour still gets its run)."""

    def period(now):
        local = timezone.localtime(now)
        return local.date().isoformat() if local.hour >= hour else None

    return period


def weekly(hour=MORNING_HOUR):
    """Once an ISO week, from Monday ``hour`` local time on."""

    def period(now):
        local = timezone.localtime(now)
        if local.isoweekday() == 1 and local.hour < hour:
            return None
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"

    return period


def hourly(now):
    return timezone.localtime(now).strftime("%Y-%m-%dT%H")


def schedules():
    """Every schedule; the modules whose work runs on one are imported here, not the other way round."""
    from news.services import mail

    return [
        Schedule("prune-finished-tasks", daily(hour=3), prune_finished_tasks),
        Schedule("digest-daily", daily(), lambda now: mail.schedule_digests("daily", now)),
        Schedule("digest-weekly", weekly(), lambda now: mail.schedule_digests("weekly", now)),
        Schedule("must-read-reminders", hourly, mail.schedule_reminders),
        Schedule("mail-upkeep", hourly, mail.tidy_outbox),
    ]


FINISHED_TASKS_KEPT = datetime.timedelta(days=7)


def prune_finished_tasks(now):
    """The queue keeps each finished task's row: a week of them is history enough."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.finished().filter(finished_at__lt=now - FINISHED_TASKS_KEPT).delete()


@dataclass
class Report:
    requeued: int = 0
    photos_resumed: int = 0
    ran: list = field(default_factory=list)  # (schedule, period)


def run_due(now=None):
    """Run what is due now; what was done."""
    now = now or timezone.now()
    report = Report()
    report.requeued = background.requeue_abandoned(now)
    report.photos_resumed = photos.resume_waiting(now)
    for schedule in schedules():
        period = schedule.period(now)
        if period is None or ScheduleRun.objects.filter(name=schedule.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                ScheduleRun.objects.create(name=schedule.name, period=period, ran_at=now)
                schedule.run(now)
        except IntegrityError:
            continue  # another run_schedules claimed this period first
        report.ran.append((schedule.name, period))
    return report
