"""The record of role changes (news/services/roles.py): who gave or took whose groups, newsroom access or
superuser flag, and when. Superusers read it; nobody writes it by hand."""

from django.contrib import admin

from news.admin.access import PolicyAdminMixin, ReadOnlyAdminMixin
from news.models import RoleChange


@admin.register(RoleChange)
class RoleChangeAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["changed_at", "actor_name", "account_name", "change"]
    search_fields = ["actor_name", "account_name", "change"]
    date_hierarchy = "changed_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]
