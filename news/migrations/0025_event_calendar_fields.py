"""Events remember when they last changed and how often their title, time or place did: the iCalendar feed's
LAST-MODIFIED and SEQUENCE, so subscribed calendar apps take in edits (issue 19)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0024_directory_identities"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="last edited"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="sequence",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="version"),
        ),
    ]
