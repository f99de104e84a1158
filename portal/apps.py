from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project's own wiring: the signed-in user cache's invalidation (portal/auth.py)."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import auth

        auth.connect_signals()
