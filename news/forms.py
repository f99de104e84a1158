"""Forms shared by the newsroom: several photos chosen in one go; the sign-in form."""

import os

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from news.directory import directory
from news.images import validate_image


class SignInForm(AuthenticationForm):
    """Django's sign-in form, which also says when the company directory could not check a password
    (news/services/directory.py marks the request), so nobody retypes a right password for nothing."""

    @property
    def uses_directory(self):
        return directory() is not None

    @property
    def directory_unavailable(self):
        return getattr(self.request, "directory_unavailable", False)


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
