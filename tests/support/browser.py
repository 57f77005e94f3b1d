"""Helpers for the tests that drive real headless Chromium (Debian's chromium, never a
downloaded browser): signing in, axe-core checks, the WCAG reflow check at 320 px, and
filling GOV.UK forms. The ``new_page`` and ``page`` fixtures are in ``tests.support.fixtures``."""
from django.test import Client

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def axe_serious(page):
    """Run axe-core on the page; return serious and critical violations (should be none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


def sign_in(page, email, password):
    """Sign in through the sign-in page, as a person would."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 2.2 SC 1.4.10: 320 CSS pixels wide

# What sticks out past the right edge of the viewport, outermost first, to name in a failure
# (anything inside a box that scrolls or clips by itself cannot widen the page).
OVERFLOWING_JS = """() => {
  const edge = document.documentElement.clientWidth, found = [];
  const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= edge + 1 || clipped(el)) continue;
    const parent = el.parentElement.getBoundingClientRect();
    if (parent.right > edge + 1 && el.parentElement !== document.body) continue;
    const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    found.push(`${name} (${Math.round(r.width)} px wide, to ${Math.round(r.right)} px)`);
  }
  return found.slice(0, 5);
}"""


def session_cookie(user, live_server):
    """A signed-in session for ``user``, as a cookie for a browser context (no sign-in page)."""
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def reflow_problems(page):
    """At the current (narrow) viewport: the document must be no wider than the viewport."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= NARROW["width"]:
        return []
    return [f"scrolls sideways at {NARROW['width']} px: {width} px wide; {page.evaluate(OVERFLOWING_JS)}"]


def fill_date(page, prefix, value):
    """Type a date into a GOV.UK date input (day, month, year boxes)."""
    page.fill(f"#id_{prefix}_0", str(value.day))
    page.fill(f"#id_{prefix}_1", str(value.month))
    page.fill(f"#id_{prefix}_2", str(value.year))


def confirm_if_unusual(page, value):
    """A weekend or bank-holiday date is confirmed: the form asks."""
    from boards.models import unusual_day

    if unusual_day(value):
        page.get_by_label("Yes, the meeting is on a weekend or bank holiday").check()


def submit(page, name):
    """Press a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def follow(page, name, locator=None):
    """Follow a link (by its name, or the locator given) and wait for the page it leads to."""
    with page.expect_navigation():
        (locator or page.get_by_role("link", name=name)).click()
