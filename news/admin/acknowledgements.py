"""Must-read notices in the newsroom: marked in the article list, asked again, and each one's report of who has
acknowledged it and who not yet, by unit, with a CSV export. Names are the editors' only (policy.PUBLISH)."""

import csv
import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from news import policy
from news.services import acknowledgements as acknowledgement_service

# Excel reads UTF-8 (Vietnamese names) only from a file that starts with the byte order mark.
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet: a name must never run as one. Excel on a
# Vietnamese or Russian Windows splits a line on ";", so what follows a separator inside a value starts a cell too.
FORMULA_TRIGGER = re.compile(r"(^|[,;\t\r\n])(\s*)(?=[=+\-@\t\r])")


class MustReadAdminMixin:
    """For the article admin: the "must read" mark in the list, its filter, "Ask for acknowledgement again",
    and the report page (``<id>/acknowledgements/``, ``?format=csv`` for the export)."""

    @admin.display(description=gettext_lazy("for"))
    def audience(self, article):
        shown = super().audience(article)
        if not article.must_read:
            return shown
        if article.must_read_due:
            due = date_format(article.must_read_due, "SHORT_DATE_FORMAT")
            mark = _("must read by %(date)s") % {"date": due}
        else:
            mark = _("must read")
        return format_html('{} <span class="must-read-badge">{}</span>', shown, mark)

    @admin.action(description=gettext_lazy("Ask for acknowledgement again"), permissions=["publish"])
    def ask_again_selected(self, request, queryset):
        asked, refused = 0, []
        for article in queryset:
            if article.must_read:
                acknowledgement_service.ask_again(article, by=request.user)
                asked += 1
            else:
                refused.append(article.title)
        if asked:
            self.message_user(
                request,
                ngettext(
                    "Acknowledgement asked for again: %(count)d article.",
                    "Acknowledgement asked for again: %(count)d articles.",
                    asked,
                )
                % {"count": asked},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request, _("Not must read: %(titles)s") % {"titles": "; ".join(refused)}, messages.WARNING
            )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/acknowledgements/",
                self.admin_site.admin_view(self.acknowledgements_view),
                name="{}_{}_acknowledgements".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and article.must_read and policy.can(request.user, policy.PUBLISH):
            extra_context["acknowledgements_url"] = reverse(
                "admin:news_article_acknowledgements", args=[article.pk], current_app=self.admin_site.name
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def acknowledgements_view(self, request, object_id):
        """The report of one must-read article (GET; ``?format=csv``), and "Ask for acknowledgement again"
        (POST). Editors only; any other article is a 404."""
        if not policy.can(request.user, policy.PUBLISH):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None or not article.must_read:
            raise Http404
        if request.method == "POST":
            if "ask_again" in request.POST:
                round_ = acknowledgement_service.ask_again(article, by=request.user)
                self.message_user(
                    request,
                    _("Readers are asked again: round %(round)d, nobody has acknowledged it yet.") % {"round": round_},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(request.path)
        report = acknowledgement_service.report(article)
        if request.GET.get("format") == "csv":
            return report_csv(report)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Acknowledgements: %(title)s") % {"title": article.title},
            "report": report,
            "text_changed": sum(person.text_changed for person in report.acknowledged),
        }
        return TemplateResponse(request, "admin/news/article/acknowledgements.html", context)


def report_csv(report):
    """One row a member of the audience: name, username, unit, when acknowledged (empty: not yet) and in which
    round, as UTF-8 with a byte order mark so that Excel opens the Vietnamese names as they are."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="must-read-{report.article.pk}.csv"'
    response.write(BOM)
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)  # every field quoted: separators inside stay text
    writer.writerow([_("Name"), _("Username"), _("Unit"), _("Acknowledged at"), _("Round")])
    for person in report.people:
        acknowledgement = person.acknowledgement
        writer.writerow(
            [
                spreadsheet_text(person.name),
                spreadsheet_text(person.user.username),
                spreadsheet_text(str(person.unit.label) if person.unit else ""),
                timezone.localtime(acknowledgement.acknowledged_at).strftime("%Y-%m-%d %H:%M")
                if acknowledgement
                else "",
                acknowledgement.round if acknowledgement else "",
            ]
        )
    return response


def spreadsheet_text(value):
    """``value`` as text a spreadsheet shows, never runs: an apostrophe before each formula trigger that would
    start a cell, at the start or after a separator ("Nguyen;=2+5" → "Nguyen;'=2+5")."""
    return FORMULA_TRIGGER.sub(r"\1\2'", value)
