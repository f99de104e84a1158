"""The editorial workflow: draft → in review → published → archived, and back to draft.

Every status change goes through ``perform``: the change form's buttons and its status field
(after the form's other changes are saved, news/admin/articles.py) and the list actions alike.
It checks the policy, applies the step, keeps a revision and writes the admin history line
naming who did it and when. ``check`` alone is what a form runs first, to show a refusal as a
form error before anything is saved.
"""

from dataclasses import dataclass

import reversion
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from news import policy
from news.models import ArticleStatus
from news.services import mail

DRAFT, REVIEW, PUBLISHED, ARCHIVED = (
    ArticleStatus.DRAFT,
    ArticleStatus.REVIEW,
    ArticleStatus.PUBLISHED,
    ArticleStatus.ARCHIVED,
)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    done: str  # past tense, for the history and messages
    sources: tuple
    target: str
    needs_publish_permission: bool


ACTIONS = {
    action.name: action
    for action in [
        Action("submit", _("Submit for review"), _("Submitted for review"), (DRAFT,), REVIEW, False),
        Action("publish", _("Publish now"), _("Published"), (DRAFT, REVIEW, ARCHIVED), PUBLISHED, True),
        Action("schedule", _("Schedule"), _("Scheduled"), (DRAFT, REVIEW), PUBLISHED, True),
        Action("unpublish", _("Unpublish"), _("Unpublished"), (PUBLISHED, REVIEW, ARCHIVED), DRAFT, True),
        Action("archive", _("Archive"), _("Moved to the archive"), (PUBLISHED,), ARCHIVED, True),
    ]
}


class WorkflowError(Exception):
    pass


def may_perform(user, article, action):
    return (
        not action.needs_publish_permission or policy.can(user, policy.PUBLISH)
    ) and article.status in action.sources


def available_actions(user, article):
    """The actions the user may take on the article now, for buttons."""
    actions = [action for action in ACTIONS.values() if may_perform(user, article, action)]
    return [a for a in actions if a.name != "schedule" or article.status != PUBLISHED]


def action_for_status_change(old_status, new_status, publish_at, now=None):
    """The action a change of the status field amounts to (None when the status does not change)."""
    if old_status == new_status:
        return None
    if new_status == PUBLISHED:
        return ACTIONS["schedule" if publish_at and publish_at > (now or timezone.now()) else "publish"]
    for action in ACTIONS.values():
        if action.target == new_status and action.name not in ("publish", "schedule"):
            return action
    raise WorkflowError(_("This status change is not part of the workflow."))


def check(user, article, action, old_status=None):
    """Raise PermissionDenied or WorkflowError unless ``user`` may take ``action`` on ``article``."""
    status = old_status or article.status
    if action.needs_publish_permission and not policy.can(user, policy.PUBLISH):
        raise PermissionDenied(_("Only editors may publish, schedule, unpublish or archive articles."))
    if article.pk and not policy.can(user, policy.CHANGE, article):
        raise PermissionDenied(_("You may not change this article."))
    if status not in action.sources:
        raise WorkflowError(
            _("“%(action)s” is not possible for an article that is %(status)s.")
            % {"action": action.label, "status": ArticleStatus(status).label.lower()}
        )


def apply(article, action, now=None):
    """Set the status (and publish time) an action leads to, without saving."""
    now = now or timezone.now()
    article.status = action.target
    if action.name == "publish" and (not article.publish_at or article.publish_at > now):
        article.publish_at = now
    if action.name == "schedule" and (not article.publish_at or article.publish_at <= now):
        raise WorkflowError(_("Set a publish time in the future to schedule the article."))


def describe(article, action):
    """The history line for an action: scheduling says for when."""
    if action.name == "schedule":
        return str(_("Scheduled for %(time)s")) % {"time": local_time(article.publish_at)}
    return str(action.done)


def local_time(moment):
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""


def log(user, article, line, added=False):
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[article],
        action_flag=ADDITION if added else CHANGE,
        change_message=line,
        single_object=True,
    )


def perform(user, article, action_name, changes="", added=False):
    """Check, apply, save (with a revision) and log one workflow action.

    ``changes`` names what else the same save changed (the change form's other fields), so that the
    history line and the revision say it all in one: "Published. Changed title."; ``added``: the article
    was created by that save, and the line records its addition.
    """
    action = ACTIONS[action_name]
    check(user, article, action)
    apply(article, action)
    line = f"{describe(article, action)}. {changes}" if changes else describe(article, action)
    with reversion.create_revision():
        article.updated_by = user
        article.save()
        reversion.set_user(user)
        reversion.set_comment(line)
    log(user, article, line, added)
    if action.name == "submit":
        mail.note_review_requested(article, user)
    return action
