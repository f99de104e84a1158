from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduleRun(models.Model):
    """One period of one schedule, done (news/services/schedules.py): run_schedules inserts the row in the
    transaction that enqueues the period's work, so running it twice, or on two machines, does nothing twice."""

    name = models.CharField(_("schedule"), max_length=50)
    period = models.CharField(_("period"), max_length=50)
    ran_at = models.DateTimeField(_("ran at"), default=timezone.now)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        constraints = [models.UniqueConstraint(fields=["name", "period"], name="schedule_period_once")]

    def __str__(self):
        return f"{self.name} {self.period}"
