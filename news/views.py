import datetime
import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from news.models import Article


def reader_view(view):
    """Readers must sign in unless PORTAL_LOGIN_REQUIRED is off (a closed-network install)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.PORTAL_LOGIN_REQUIRED and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@reader_view
def home(request):
    articles = Article.objects.published().select_related("unit", "category")[:10]
    return render(request, "news/home.html", {"articles": articles})


@reader_view
def article_detail(request, year, month, day, slug):
    article = get_object_or_404(Article.objects.published().select_related("unit", "category", "event"), slug=slug)
    try:
        asked_date = datetime.date(year, month, day)
    except ValueError as error:
        raise Http404 from error
    if timezone.localtime(article.publish_at).date() != asked_date:
        raise Http404
    return render(request, "news/article_detail.html", {"article": article})
