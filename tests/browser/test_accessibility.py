"""axe-core on the pages readers and the newsroom use most: no serious or critical violations.

The journeys scan the same pages as they pass, skipping the violations known in KNOWN_AXE_VIOLATIONS;
here each page is scanned in full, and a page with known violations is a strict xfail naming them,
so that fixing the template turns it into a failure asking for the entry to be removed.
"""

import pytest

from tests.browser.browsing import KNOWN_AXE_VIOLATIONS, axe_violations, describe_violations

PAGES = {
    "front page": (lambda report: "/", "employee"),
    "article": (lambda report: report.get_absolute_url(), "employee"),
    "conference table": (lambda report: "/conferences/", "employee"),
    "people directory": (lambda report: "/people/", "employee"),
    "search": (lambda report: "/search/?q=hoi+nghi+tong+ket", "employee"),
    "admin article form": (lambda report: f"/admin/news/article/{report.pk}/change/", "editor"),
}


def page_params():
    for name in PAGES:
        known = KNOWN_AXE_VIOLATIONS.get(name)
        marks = []
        if known:
            reason = "; ".join(f"{rule}: {why}" for rule, why in known.items())
            marks.append(pytest.mark.xfail(strict=True, reason=f"known axe violations on the {name}: {reason}"))
        yield pytest.param(name, marks=marks, id=name.replace(" ", "-"))


@pytest.mark.parametrize("name", list(page_params()))
def test_no_serious_accessibility_violations(browsing, newsroom, published_report, name):
    path, who = PAGES[name]
    page = browsing.sign_in(getattr(newsroom, who), next_path=path(published_report))
    page.wait_for_load_state("load")
    page.watch.assert_clean(name)
    violations = axe_violations(page)
    assert not violations, f"axe-core on the {name} ({page.url}):\n{describe_violations(violations)}"
