"""Time /search/'s queries on the benchmark database and show PostgreSQL's plans.

Usage (after bench/data.py filled the database):
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python bench/search.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from news.models import Article  # noqa: E402

QUERIES = [
    "hoi nghi tong ket",
    "Hội nghị người lao động năm 2015",
    "khoan",
    '"dien tap ung cuu"',
    "nguyen van an",
    "bach ho",
    "khong co tu nay",
]
RUNS = 7


def timed(function):
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main():
    print(f"{Article.objects.count()} articles on {connection.vendor}; median of {RUNS} runs")
    print(f"{'query':40} {'matches':>8} {'first page ms':>14} {'count ms':>9}")
    for query in QUERIES:
        results = Article.objects.published().search(query)
        page_ms = timed(lambda results=results: list(results[:20]))
        count_ms = timed(results.count)
        print(f"{query:40} {results.count():>8} {page_ms:>14.1f} {count_ms:>9.1f}")
    if connection.vendor == "postgresql":
        query = "hoi nghi tong ket"
        sql, params = Article.objects.published().search(query)[:20].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
            print(f"\nPlan for “{query}” (first page):")
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
