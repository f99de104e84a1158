"""Factories for the news models: tests build what they need, no fixtures."""

import datetime
import hashlib
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import (
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleStatus,
    ArticleTranslation,
    Category,
    Event,
    EventKind,
    Person,
    Photo,
    TranslationStatus,
    Unit,
)
from news.roles import ADMINISTRATORS, CORRESPONDENTS, EDITORS
from news.services import photos as photo_service
from news.services import translations as translation_service


def jpeg_file(name="photo.jpg", size=(64, 48), color=(20, 90, 160)):
    """A small JPEG; files of different names differ (the name is in its comment), as the portal stores by content."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", comment=name.encode())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stored_name(data, folder="photos", extension="jpg"):
    """The name the portal stores an image of these bytes under (news/uploads.py): its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{folder}/{digest[:2]}/{digest}.{extension}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))
        self.save()


def editor(**kwargs):
    return UserFactory(is_staff=True, groups=[EDITORS], **kwargs)


def correspondent(**kwargs):
    return UserFactory(is_staff=True, groups=[CORRESPONDENTS], **kwargs)


def administrator(**kwargs):
    return UserFactory(is_staff=True, groups=[ADMINISTRATORS], **kwargs)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Xí nghiệp số {n}")
    short_name = factory.Sequence(lambda n: f"XN {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người {n}")
    unit = factory.SubFactory(UnitFactory)
    position = "Kỹ sư"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """As the person admin saves one: a portrait gets its renditions (news/services/photos.py)."""
        person = super()._create(model_class, *args, **kwargs)
        photo_service.portrait_saved(person, portrait_changed=bool(person.portrait))
        return person


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = "Tin đơn vị"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Hội nghị tổng kết năm 2019 ({n})")
    kind = EventKind.YEAR_END_REVIEW
    unit = factory.SubFactory(UnitFactory)
    start = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    place = "Hội trường"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Tin tức số {n}")
    lead = "Tóm tắt."
    body = "<p>Nội dung.</p>"
    event = None
    # A report belongs to the unit whose conference it reports on, unless told otherwise.
    unit = factory.LazyAttribute(lambda article: article.event.unit if article.event else UnitFactory())
    status = ArticleStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


def conference_report(unit, year, kind=EventKind.YEAR_END_REVIEW, **kwargs):
    """A published report on ``unit``'s conference named for ``year``."""
    start = datetime.datetime(year, 12, 26, 8, 0, tzinfo=datetime.UTC)
    event = EventFactory(unit=unit, kind=kind, year=year, start=start, title=f"Hội nghị {kind} năm {year}")
    return ArticleFactory(event=event, publish_at=start + datetime.timedelta(days=2), **kwargs)


class ArticleMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleMention

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    position = "Giám đốc"


class ArticleCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleCredit

    article = factory.SubFactory(ArticleFactory)
    name = "Hoàng Tiến Lương"


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    article = factory.SubFactory(ArticleFactory)
    image = factory.LazyFunction(jpeg_file)
    caption = "Quang cảnh Hội nghị"
    credit = "Đinh Văn Tiến"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """As every path attaches a photo (news/services/photos.py): stored, rendered, searchable."""
        image = kwargs.pop("image", None)
        return photo_service.attach(image=image, **kwargs)


def translation(article, language="ru", status=TranslationStatus.PUBLISHED, **fields):
    """``article``'s translation into ``language``, saved as the newsroom saves one (made current)."""
    fields = {"title": f"Перевод: {article.title}", "lead": "Краткое содержание.", "body": "<p>Текст.</p>", **fields}
    return translation_service.save(ArticleTranslation(article=article, language=language, status=status, **fields))
