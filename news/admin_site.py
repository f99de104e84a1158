"""The newsroom's admin site: Django's, with its one object-reaching site view under the policy.

Outside the news.admin package on purpose: importing that package registers the ModelAdmins on
``admin.site``, which must already be this site by then."""

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from news import policy


class PortalAdminSite(admin.AdminSite):
    site_header = _("Portal newsroom")
    site_title = _("Portal newsroom")
    index_title = _("Newsroom")

    def get_urls(self):
        # "View on site" (/admin/r/<type>/<id>/) redirects any staff user to any object's address, which
        # names an unpublished article's slug: only for objects the user may see in the newsroom.
        return [
            path("r/<path:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site")
            if getattr(pattern, "name", None) == "view_on_site"
            else pattern
            for pattern in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
            obj = model._default_manager.get(pk=object_id)
        except (ValueError, OverflowError, ObjectDoesNotExist, ValidationError) as error:
            raise Http404 from error
        if model not in self._registry or not policy.can(request.user, policy.VIEW, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
