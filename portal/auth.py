from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from news.services import directory


class PortalAxesBackend(AxesStandaloneBackend):
    """django-axes for sign-ins made over HTTP; authentication without a request (scripts, the
    test client's login()) has no client address to lock, so it is left to the next backend."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


USER_CACHE_SECONDS = 600


def user_cache_key(user_id):
    return f"signed-in-user:{user_id}"


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, but the user a session names comes from the cache: a signed-in request
    then costs no database query before the view runs. The copy is dropped whenever the user row or
    their groups change (forget_user; news/admin/users.py drops it after its bulk deactivation), so a
    deactivated account or a role taken away applies at the next request. Permissions are not in the copy:
    ModelBackend reads them per request, when a view asks."""

    def get_user(self, user_id):
        if not settings.PORTAL_CACHE_USERS:
            return super().get_user(user_id)
        user = cache.get(user_cache_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(user_cache_key(user_id), user, USER_CACHE_SECONDS)
        return user if user is not None and self.user_can_authenticate(user) else None


class DirectoryBackend(directory.DirectoryBackend):
    """Sign-in with the company directory (news/services/directory.py); a signed-in directory user's
    requests read their user as everyone's do, from the cache."""

    def get_user(self, user_id):
        return CachedModelBackend().get_user(user_id)


def forget_users(user_ids):
    """Drop the cached copies of these users (call after a bulk update, which sends no signal)."""
    cache.delete_many([user_cache_key(pk) for pk in user_ids])


def forget_user(sender, instance, **kwargs):
    forget_users([instance.pk])


def forget_group_members(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # group.user_set changed: the users are pk_set (None on clear: all of the group's, gone now)
        forget_users(pk_set or get_user_model().objects.values_list("pk", flat=True))
    else:
        forget_users([instance.pk])


def connect_signals():
    user_model = get_user_model()
    post_save.connect(forget_user, sender=user_model, dispatch_uid="forget-cached-user-save")
    post_delete.connect(forget_user, sender=user_model, dispatch_uid="forget-cached-user-delete")
    for relation in (user_model.groups.through, user_model.user_permissions.through):
        m2m_changed.connect(forget_group_members, sender=relation, dispatch_uid=f"forget-cached-user-{relation}")
