from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib import admin

        from news import page_cache
        from news.admin.access import cover_every_model_admin
        from news.models import scopes
        from news.services import revisions

        revisions.register()
        page_cache.connect_signals()
        scopes.connect_signals()
        # The admin modules were loaded by django.contrib.admin's own ready(), which runs first.
        cover_every_model_admin(admin.site)


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the newsroom's site (news/admin_site.py) as ``admin.site``."""

    default = False  # NewsConfig is this module's app
    default_site = "news.admin_site.PortalAdminSite"
