"""Outgoing e-mail in the newsroom, under the policy: superusers see what was sent to whom, what failed and why,
and send failed messages again. Messages are composed by the code (news/services/mail.py), never by hand, and
hold readers' personal digests: nobody else sees them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news.admin.access import PolicyAdminMixin, ReadOnlyAdminMixin
from news.models import EmailStatus, OutgoingEmail
from news.services import mail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    # Whoever may read the failures may send them again: nothing is composed anew, the same message goes out.
    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = mail.send_again(queryset.filter(status=EmailStatus.FAILED))
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count},
            messages.SUCCESS,
        )
