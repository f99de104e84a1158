"""Forms shared by the newsroom: several photos chosen in one go."""

import os

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from news.images import validate_image


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Many image files in one field. Every file is validated (CVE-2023-31047 was forgetting that);
    the readable ones are kept and the others are listed by name in ``rejected``."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def has_changed(self, initial, data):
        return bool(data)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        accepted, self.rejected = [], []
        for upload in files:
            try:
                super().clean(upload, initial)
                validate_image(upload)
            except ValidationError as error:
                self.rejected.append((os.path.basename(upload.name or ""), " ".join(error.messages)))
            else:
                accepted.append(upload)
        if files and not accepted:
            raise ValidationError([message for _name, message in self.rejected])
        # File-name order: cameras number their files in the order the photos were taken.
        return sorted(accepted, key=lambda upload: upload.name)


def describe_rejected(rejected):
    return _("These files were not added: %(files)s") % {"files": "; ".join(message for _name, message in rejected)}
