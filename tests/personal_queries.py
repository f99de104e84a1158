"""Telling a page's own queries from a reader's: the unread marks of a shared copy are looked up, and an article
page's read recorded, for each request (news/personal.py, news/services/reading.py), cached copy or not."""

READS_TABLE = "news_articleread"


def page_queries(captured):
    """The queries of ``captured`` (a CaptureQueriesContext) other than those on the reader's own reads."""
    return [query for query in captured.captured_queries if READS_TABLE not in query["sql"]]
