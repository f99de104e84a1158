from django.urls import path, register_converter

from news import views


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
    path("news/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/", views.article_detail, name="article_detail"),
]
