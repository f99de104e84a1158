"""django-axes' sign-in records in the newsroom, under the policy: only superusers hold their permissions."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin

from news.admin.access import PolicyAdminMixin

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class SignInAttemptAdmin(PolicyAdminMixin, AccessAttemptAdmin):
    def get_actions(self, request):
        actions = super().get_actions(request)
        # axes' "clean up expired attempts" reads what its middleware sets during a sign-in only: a 500 here.
        actions.pop("cleanup_expired_attempts", None)
        return actions
