"""Demo content for ``manage.py load_demo``.

- ``data``: the content itself (units, people, categories, sign-ins, the seed article, other news and
  each unit's yearly conference facts), as plain Python data;
- ``reports``: turns the yearly conference facts into conference report specs;
- ``translations``: Russian (and a little English) for that content, keyed by the Vietnamese originals;
- ``spec``: the small vocabulary the data is written in (local times, body text);
- ``images``: demo photos drawn with Pillow;
- ``loader``: writes it all into the database, idempotently.
"""
