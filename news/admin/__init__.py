"""The newsroom: one admin module per concept, mirroring news/models/."""

from news.services import revisions

# Before the admin classes: VersionAdmin would otherwise register Article itself, without our options.
revisions.register()

from news.admin import (  # noqa: E402, F401
    articles,
    events,
    mail,
    people,
    photos,
    roles,
    signins,
    tasks,
    translations,
    units,
    users,
)
