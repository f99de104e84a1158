from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from news import views
from news.forms import SignInForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/logout/", views.sign_out, name="logout"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The sign-in page offers the language switch, so it must work before signing in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Operations: /media/… (after the sign-in and the access policy), /healthz, /ping.
    path("", include("ops.urls")),
    path("", include("news.urls")),
]

handler500 = "ops.views.server_error"
