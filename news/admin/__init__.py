"""The newsroom: one admin module per concept, mirroring news/models/."""

from news.admin import articles, events, people, photos, units  # noqa: F401
