"""Write operations, one plain function each (as pretix's ``base/services/``).

The admin, the management commands, the demo loader and the benchmark's data builder call these;
models' ``save()`` derive their own fields only. Reading stays on the querysets.

- ``photos``: attach an image to an article or event, replace it, make renditions; portraits.
- ``articles``: save an article as the newsroom does (its old address keeps working).
- ``workflow``: every status change (buttons, status field, list actions).
- ``revisions``: what django-reversion keeps, and which versions may be reverted or recovered.
- ``importing``: write an export of the old intranet into the database.
"""
