"""The task queue (django-tasks-db) in the newsroom, under the policy: superusers may read what the workers
did, with each failure's traceback; nobody adds or edits a task by hand (work is queued by the code that
needs it, and finished rows are pruned by run_schedules)."""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from news.admin.access import PolicyAdminMixin, ReadOnlyAdminMixin

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, DBTaskResultAdmin):
    """The library's own list and page of a task, with its traceback, read-only."""
