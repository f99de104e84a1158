"""The one way an image enters the portal: checked, then stored under a name the portal chooses.

Every path meets ``UploadedImageField`` (Photo.image, Person.portrait): ModelForms run its
validator, so a bad file is a form error before anything is written; every save, from a form or
from code (``Photo.objects.create(image=…)``, ``field_file.save(name, content)`` in the legacy
import and the demo), goes through ``UploadedImageFieldFile.save``, which decodes the file (unless
the validator already did), and names it by its content: ``<folder>/<ab>/<sha256>.<decoded format>``.
The uploader's name and extension are never used, so a JPEG with HTML appended and named
``notes.html`` is stored as ``….jpg``. The same content is stored once, whoever uploads it.
"""

import hashlib

from django.db import models

from news import images

# The newsroom pages whose forms carry images ("Add photos" on an article, an event's photos, the photo admin):
# the only paths that take a large request body (nginx's location and news.middleware.RequestBodyLimitMiddleware
# both read this). Everything else, the sign-in page included, keeps the small limit.
UPLOAD_PAGES = r"^/admin/news/(article|event|photo)/(add|[0-9]+/change)/$"

SHARD = 2  # hex digits of the hash naming a sub-folder: 256 folders, none holding too many files


def checked_extension(content):
    """The decoded format's extension of ``content``: remembered by ``validate_image``, else found by it."""
    return getattr(content, "checked_extension", None) or images.validate_image(content)


def content_hash(content):
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks() if hasattr(content, "chunks") else iter(lambda: content.read(2**20), b""):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def stored_name(folder, content):
    """The name ``content`` is stored under in ``folder``: its hash and its decoded format's extension."""
    return content_name(folder, content_hash(content), checked_extension(content))


def content_name(folder, digest, extension):
    """``<folder>/<ab>/<digest>.<extension>``: the naming rule itself (the benchmark's rows follow it too)."""
    return f"{folder.strip('/')}/{digest[:SHARD]}/{digest}.{extension}"


def validate_upload(value):
    """Model field validator: a new file must pass ``images.validate_image``; a stored one passed it on arrival."""
    if value and not getattr(value, "_committed", True):
        images.validate_image(value.file)


class UploadedImageFieldFile(models.fields.files.ImageFieldFile):
    def save(self, name, content, save=True):
        """Store ``content`` under the portal's name for it (``name`` is ignored); raises ValidationError
        for a file ``images.validate_image`` refuses, before anything is written.

        Sets ``stored_now``: False when the same content was stored already (then nothing is written,
        and undoing this save must not delete the file, which others use).
        """
        name = self.storage.generate_filename(stored_name(self.field.upload_to, content))
        self.stored_now = not self.storage.exists(name)
        if self.stored_now:
            self.name = self.storage.save(name, content, max_length=self.field.max_length)
        else:
            self.name = name
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True


class UploadedImageField(models.ImageField):
    """An ImageField whose files are checked by ``images.validate_image`` and named by the portal.

    ``upload_to`` is the folder only (a string): the name inside it is the content's hash.
    """

    attr_class = UploadedImageFieldFile
    default_validators = [validate_upload]
