from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib import admin

        from news import caching, revisions
        from news.admin.access import cover_every_model_admin

        revisions.register()
        caching.connect_signals()
        # The admin modules were loaded by django.contrib.admin's own ready(), which runs first.
        cover_every_model_admin(admin.site)
