"""Helpers for the browser journeys: signed-in pages that watch themselves, screenshots, axe-core."""

import functools
from pathlib import Path
from urllib.parse import urlencode

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ROOT / "test-results"
PASSWORD = "Mật-khẩu-thử-2024"
# The photos of the journeys' article: captions in file-name order, the photographer, the colours.
CAPTIONS = [
    "Đồng chí Đặng Đình Công phát biểu khai mạc Hội nghị",
    "Quang cảnh Hội nghị tại hội trường Trung tâm",
    "Các đại biểu biểu quyết thông qua nghị quyết",
]
PHOTO_CREDIT = "Đinh Văn Tiến"
COLORS = [(200, 40, 40), (40, 160, 60), (30, 60, 200)]

# Serious or critical axe violations the app is known to have, per page: {page name: {rule id: reason}}.
# The journeys skip these (so the rest runs); test_accessibility.py keeps them visible as strict xfails.
KNOWN_AXE_VIOLATIONS: dict[str, dict[str, str]] = {}


def shot(page, name):
    """A full-page screenshot of a key screen: test-results/<name>.png."""
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


# Watching every page --------------------------------------------------------------------------------------

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__portalReportCsp(`${event.violatedDirective} blocked ${event.blockedURI} on ${event.documentURI}`);
}, true);
"""


class Watch:
    """What went wrong in a browser context: console errors, uncaught exceptions, CSP violations,
    failed requests and responses with an error status."""

    def __init__(self, context):
        self.problems = []
        context.expose_function("__portalReportCsp", lambda text: self.problems.append(f"CSP violation: {text}"))
        context.add_init_script(CSP_LISTENER)
        context.on("page", self._watch_page)

    def _watch_page(self, page):
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _console(self, page, message):
        text = message.text
        if "Content Security Policy" in text:
            self.problems.append(f"CSP violation (console) on {page.url}: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            # (A failed load is reported, with its URL, by _response or _request_failed.)
            self.problems.append(f"console error on {page.url}: {text}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} for {response.request.resource_type} {response.url}")

    def _request_failed(self, request):
        failure = request.failure or ""
        # A navigation that replaces the page cancels what the old page still loads: not a failure.
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"request failed: {request.resource_type} {request.url}: {failure}")

    def assert_clean(self, where=""):
        """Fail with every problem seen since the last check."""
        problems, self.problems = self.problems, []
        assert not problems, f"problems in the browser{f' ({where})' if where else ''}:\n" + "\n".join(problems)


class Browsing:
    """Opens signed-in (or anonymous) pages on the live server, each user in their own browser context;
    every page has a ``watch``."""

    def __init__(self, new_context, live_server):
        self.new_context = new_context
        self.url = live_server.url
        self.watches = []

    def page(self):
        context = self.new_context()
        context.set_default_timeout(10_000)
        watch = Watch(context)
        self.watches.append(watch)
        page = context.new_page()
        page.watch = watch
        return page

    def visit(self, page, path):
        """Open ``path`` and check the page loaded cleanly."""
        response = page.goto(self.url + path)
        page.wait_for_load_state("load")
        page.watch.assert_clean(path)
        return response

    def sign_in(self, user, next_path="/"):
        """A new browser context in which ``user`` signed in through the sign-in page, now at ``next_path``."""
        page = self.page()
        page.goto(f"{self.url}/accounts/login/?{urlencode({'next': next_path})}")
        sign_in_on(page, user)
        return page


def sign_in_on(page, user, password=PASSWORD):
    """Fill the portal's sign-in form (not the header's language form) and submit it."""
    form = page.locator("form.login-form")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/accounts/login/" not in page.url, f"sign-in as {user.username} failed"


# Accessibility --------------------------------------------------------------------------------------------


@functools.cache
def _axe_source():
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core (node_modules, from `npm ci`) on the page as it is; the violations of these impacts."""
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` in the project root")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Not add_script_tag: an inline <script> is exactly what the portal's CSP blocks (and reports).
        # Playwright's own evaluation is not subject to the page's CSP.
        page.evaluate(_axe_source())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in results["violations"] if violation["impact"] in impacts]


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['html'][:300]}" for node in violation["nodes"][:5])
    return "\n".join(lines)


def axe_check(page, name):
    """No serious or critical accessibility violations on the page, but those known for ``name``."""
    known = KNOWN_AXE_VIOLATIONS.get(name, {})
    found = [violation for violation in axe_violations(page) if violation["id"] not in known]
    assert not found, f"axe-core on the {name} ({page.url}):\n{describe_violations(found)}"
