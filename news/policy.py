"""Who may do what, on every path: the one access policy of the portal.

Every ModelAdmin (news/admin/access.py wires it into ``has_*_permission`` and ``get_queryset``),
every custom admin view (preview, history, revision, recover, compare, workflow buttons and list
actions), the workflow (news/services/workflow.py) and media serving (ops/media.py) ask here; nothing
else decides. Two layers, both needed:

1. **Model permissions** (the groups of migration 0002_roles): may this user ever view, add,
   change or delete this kind of object?
2. **Object scope**: a correspondent's rights stop at the articles of the units assigned to them,
   and at their drafts for any change, including the article's photos (and the people on them),
   credits and mentions. Editors (``news.publish_article``) and superusers are not scoped.
   Accounts and groups have rules of their own, so that nobody raises their own rights.

| role | articles and their photos, credits, mentions | units, people, events, categories | users, groups |
|---|---|---|---|
| employee (signed in) | read what is published | read | no |
| correspondent | view their units' articles; add and change their units' **drafts**; submit | view | no |
| editor | everything; publish, unpublish, archive; history, compare, revert, recover | everything | no |
| administrator | no | view units | view, add, change (not superusers, not their own group) |
| superuser | everything | everything | everything |

Translations are article parts: a correspondent writes those of their units' drafts while unpublished; publishing
or unpublishing one is an editor's step, as for the article.

Correspondents are "Cộng tác viên", editors "Biên tập viên", administrators "Quản trị" (news/roles.py).
"""

from news.roles import PUBLISH_PERMISSION

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
# Steps that make an article public or act on its whole history: editors only.
PUBLISH, REVERT, COMPARE, RECOVER = "publish", "revert", "compare", "recover"
EDITOR_ACTIONS = {PUBLISH, REVERT, COMPARE, RECOVER}

# How an object of each scoped model reaches its article (ORM path; "" for the article itself).
ARTICLE_PATHS = {
    "article": "",
    "photo": "article",
    "articlecredit": "article",
    "articlemention": "article",
    "articletranslation": "article",
    "photoperson": "photo__article",
}


def is_editor(user):
    """May publish, and so is not scoped to units (superusers included)."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def can(user, action, obj=None, model=None):
    """May ``user`` take ``action`` on ``obj``, or on objects of ``model`` in general when ``obj`` is None?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if action in EDITOR_ACTIONS:
        return is_editor(user)
    if user.is_superuser:
        return True
    opts = (model if obj is None else obj)._meta
    if not _has_model_permission(user, action, opts):
        return False
    if obj is None:
        # A correspondent adds only within a unit of theirs.
        return action != ADD or opts.model_name not in ARTICLE_PATHS or is_editor(user) or has_units(user)
    rule = OBJECT_RULES.get(opts.model_name)
    return rule is None or rule(user, action, obj)


def _has_model_permission(user, action, opts):
    codename = f"{opts.app_label}.{{}}_{opts.model_name}"
    if action == VIEW:  # as Django's admin: whoever may change may also look
        return user.has_perm(codename.format(VIEW)) or user.has_perm(codename.format(CHANGE))
    return user.has_perm(codename.format(action))


def has_units(user):
    return user.assigned_units.exists()


# Object rules -------------------------------------------------------------------------------------------------------


def owning_article(obj):
    """The article that an article, photo, credit, mention or person-in-photo belongs to (None: an event's photo)."""
    for name in filter(None, ARTICLE_PATHS[obj._meta.model_name].split("__")):
        obj = getattr(obj, name)
        if obj is None:
            return None
    return obj


def _article_part_rule(user, action, obj):
    """A correspondent views their units' articles; changes, adds to and deletes only their drafts."""
    if is_editor(user):
        return True
    return article_within_scope(user, owning_article(obj), drafts_only=action != VIEW)


def _translation_rule(user, action, translation):
    """As the article's other parts; and once published, a translation is the editors' to change, as a published
    article is (its state is otherwise the article's draft state: a correspondent translates drafts)."""
    from news.models import TranslationStatus

    if action != VIEW and translation.status == TranslationStatus.PUBLISHED and not is_editor(user):
        return False
    return _article_part_rule(user, action, translation)


def article_within_scope(user, article, drafts_only):
    from news.models import ArticleStatus

    if article is None or article.unit_id is None:
        return False
    if drafts_only and article.status != ArticleStatus.DRAFT:
        return False
    return user.assigned_units.filter(pk=article.unit_id).exists()


def _account_rule(user, action, account):
    # Resetting a superuser's password would be a way to become one.
    return action == VIEW or not account.is_superuser


def may_set_password(user, account):
    """May ``user`` set ``account``'s password? Not if the account holds a right ``user`` does not (a
    superuser's, an editor's publishing): setting it would be a way to act with those rights."""
    if user.is_superuser:
        return True
    return not account.is_superuser and held_rights(account) <= held_rights(user)


def may_grant_rights(user, account, creating_with_password=False):
    """May ``user`` give ``account`` rights they do not hold themselves (a group's)? Roles are granted by
    someone else: not to an account whose password ``user`` knows, because they are making it now with one
    (``creating_with_password``), or made it or set its password earlier (the admin's history says so) and it
    still has one. Superusers may."""
    if user.is_superuser:
        return True
    if creating_with_password:
        return False
    if account.pk is None or not account.has_usable_password():
        return True
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    own_doing = LogEntry.objects.filter(
        user_id=user.pk, content_type=ContentType.objects.get_for_model(account), object_id=str(account.pk)
    )
    return not own_doing.filter(Q(action_flag=ADDITION) | Q(change_message__contains='"password"')).exists()


def rights_of_groups(groups):
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.filter(group__in=groups)
    return set(permissions.values_list("content_type__app_label", "codename"))


def held_permissions(account):
    """The permissions ``account`` holds through its groups and its own, whether or not it is active now."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    return Permission.objects.filter(Q(group__user=account) | Q(user=account)).distinct()


def held_rights(account):
    return set(held_permissions(account).values_list("content_type__app_label", "codename"))


def _group_rule(user, action, group):
    # A member changing their own group's rights would be granting them to themselves.
    return action == VIEW or not user.groups.filter(pk=group.pk).exists()


OBJECT_RULES = {
    **dict.fromkeys(ARTICLE_PATHS, _article_part_rule),
    "articletranslation": _translation_rule,
    "user": _account_rule,
    "group": _group_rule,
}


def may_keep(user, obj):
    """May ``obj``, as it is about to be saved, belong where it now points? (Checked on every admin save,
    after the form: a correspondent cannot move an article or a photo out of their scope.)

    The article's own status is the workflow's to check (submitting changes it), so only its unit counts.
    """
    if is_editor(user) or obj._meta.model_name not in ARTICLE_PATHS:
        return True
    if obj._meta.model_name == "article":
        return obj.unit_id is not None and user.assigned_units.filter(pk=obj.unit_id).exists()
    return article_within_scope(user, owning_article(obj), drafts_only=True)


# Querysets ----------------------------------------------------------------------------------------------------------


def scope_queryset(user, queryset):
    """The objects of ``queryset`` the user may see in the newsroom."""
    model_name = queryset.model._meta.model_name
    if model_name == "event" and not is_editor(user):
        return queryset.filter(event_within_scope(user))
    if model_name not in ARTICLE_PATHS or is_editor(user):
        return queryset
    prefix = ARTICLE_PATHS[model_name]
    return queryset.filter(**{f"{prefix}__unit__in" if prefix else "unit__in": user.assigned_units.all()})


def event_within_scope(user):
    """The events a correspondent sees in the newsroom (and may link an article to): those of their units, and
    those they would see as a reader (for everyone, or for their unit or group). An event meant for the board
    stays the editors' and its audience's, with its title, place and participants."""
    from django.db.models import Q

    from news.models import Event

    return Q(unit__in=user.assigned_units.all()) | Q(pk__in=Event.objects.visible_to(user).values("pk"))


def changeable_articles(user, queryset):
    """The articles the user may change or add photos, credits and mentions to."""
    from news.models import ArticleStatus

    queryset = scope_queryset(user, queryset)
    return queryset if is_editor(user) else queryset.filter(status=ArticleStatus.DRAFT)


def assignable_units(user, queryset):
    """The units the user may file articles under."""
    return queryset if is_editor(user) else queryset.filter(pk__in=user.assigned_units.all())
