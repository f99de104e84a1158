from news.models.accounts import DirectoryAccount, FeedToken, Profile, RoleChange
from news.models.articles import (
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleStatus,
    Category,
    CreditRole,
    OldSlug,
    article_url_builder,
)
from news.models.events import CONFERENCE_KINDS, Event, EventKind, EventParticipant
from news.models.mail import DigestFrequency, EmailKind, EmailStatus, OutgoingEmail
from news.models.page_tags import PageTag
from news.models.people import Person
from news.models.photos import Photo, PhotoPerson, RenditionState
from news.models.reading import Acknowledgement, ArticleRead
from news.models.schedules import ScheduleRun
from news.models.scopes import EVERYONE, ReaderScope, reader_scope
from news.models.translations import (
    ORIGINAL_LANGUAGE,
    TRANSLATED_INTO,
    ArticleTranslation,
    LocalizedText,
    TranslationStatus,
    reader_language,
)
from news.models.units import Unit

__all__ = [
    "Acknowledgement",
    "ArticleRead",
    "DigestFrequency",
    "DirectoryAccount",
    "EmailKind",
    "EmailStatus",
    "OutgoingEmail",
    "EVERYONE",
    "Profile",
    "RoleChange",
    "ReaderScope",
    "reader_scope",
    "CONFERENCE_KINDS",
    "Article",
    "article_url_builder",
    "ArticleCredit",
    "ArticleMention",
    "ArticleStatus",
    "ArticleTranslation",
    "LocalizedText",
    "ORIGINAL_LANGUAGE",
    "reader_language",
    "TRANSLATED_INTO",
    "TranslationStatus",
    "Category",
    "CreditRole",
    "Event",
    "EventKind",
    "EventParticipant",
    "FeedToken",
    "OldSlug",
    "PageTag",
    "Person",
    "Photo",
    "RenditionState",
    "ScheduleRun",
    "PhotoPerson",
    "Unit",
]
