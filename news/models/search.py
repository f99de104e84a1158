"""The search rules the querysets' ``search()`` methods share (articles, people, events).

Both sides are folded (news/text.py): the stored ``search_document`` and the query. Every term must
appear as whole words; quoted text is one phrase. The same substring tests run on SQLite and on
PostgreSQL (where the trigram GIN indexes of migration 0007 answer them), so both find the same
items. Each ``search()`` ranks first an exact (accented) match of the whole query in the fields a
reader sees, then the query's words as one phrase (adjacent, in the order typed: "dang dinh cong" is
Đặng Đình Công, not an article with "Đảng", "định" and "công" far apart), then orders the rest its own
way. The ranks are expressions of the one query that filters, so a ranked page is still one query.
"""

from django.db.models import Case, IntegerField, Q, Value, When

from news.text import clean_query, search_terms


def parse_query(query):
    """The query as searched (``clean_query``) and its folded whole-word terms; no terms, no search."""
    query = clean_query(query)
    return query, search_terms(query)


def contains_every(terms, field):
    """Every term is in the folded ``field``: padded terms make each a whole-word (or phrase) test."""
    return Q(*(Q(**{f"{field}__contains": term}) for term in terms))


def contains_as_typed(query, *fields):
    """The whole query, accents and all (case aside), is in one of ``fields``."""
    exact = Q()
    for name in fields:
        exact |= Q(**{f"{name}__icontains": query.strip('"')})
    return exact


def ranked_first(condition):
    """1 where ``condition`` holds, else 0: ordered descending, such items come first."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def ranked(*conditions):
    """The first of ``conditions`` that holds makes the rank: len(conditions) for the first, … 1 for the last,
    0 for none. Ordered descending, the best kind of match comes first."""
    whens = [When(condition, then=Value(len(conditions) - n)) for n, condition in enumerate(conditions)]
    return Case(*whens, default=Value(0), output_field=IntegerField())
