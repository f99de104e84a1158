"""The newsroom: one admin module per concept, mirroring news/models/."""

from news.services import revisions

# Before the admin classes: VersionAdmin would otherwise register Article itself, without our options.
revisions.register()

from news.admin import articles, events, people, photos, signins, translations, units, users  # noqa: E402, F401
