from django.urls import path, register_converter

from news import feeds, views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.news_list, name="news_list"),
    path("news/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/", views.article_detail, name="article_detail"),
    path("conferences/", views.conference_table, name="conference_table"),
    path("conferences/<yyyy:year>/", views.conference_year, name="conference_year"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("units/<slug:slug>/conferences/", views.unit_conferences, name="unit_conferences"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("events/", views.event_list, name="event_list"),
    path("events/<yyyy:year>/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events.ics", feeds.feed_access(views.events_ics), name="events_ics"),
    path("feeds/latest/", feeds.feed_access(feeds.LatestNewsFeed()), name="feed_latest"),
    path("feeds/units/<slug:slug>/", feeds.feed_access(feeds.UnitNewsFeed()), name="feed_unit"),
    path("search/", views.search_view, name="search"),
    path("account/subscriptions/", views.subscriptions, name="subscriptions"),
    path("account/settings/", views.mail_settings, name="mail_settings"),
    path("account/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("must-read/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("account/read-all/", views.mark_all_read, name="mark_all_read"),
    path("language/", views.choose_language, name="language"),
    path("favicon.ico", views.favicon, name="favicon"),
]
