from django.conf import settings
from django.urls import path

from ops import media, views

app_name = "ops"
urlpatterns = [
    # Uploads pass the sign-in check and the access policy (ops/media.py); nginx serves them via X-Accel-Redirect.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
]
