"""Account life in real headless Chromium: an officer seats a new person on the board,
the person sets a password from the e-mailed link and reaches the board; the link works
once; when the term ends, the daily sweep ends the access and the account closes."""
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from boards.models import Seat
from boards.tests.factories import BoardFactory
from tests.support.browser import axe_serious, sign_in
from trusts.models import User
from trusts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-long-new-password-for-nina"


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_browser_invited_board_member_sets_password_and_reaches_the_board(new_page, officer, area):
    board = BoardFactory(area=area, name="Northshire Children's Trust Board")
    officer_page = new_page()
    sign_in(officer_page, officer.email, PASSWORD)

    # the officer seats a person who has no account yet
    officer_page.goto(f"/boards/{board.pk}/seats/new/?constituency=vcs")
    officer_page.get_by_label("Member's full name").fill("Nina New")
    officer_page.get_by_label("Member's email address").fill("nina@vcs.example.org")
    submit(officer_page, "Save the seat")
    assert officer_page.locator(".govuk-notification-banner--success").is_visible()
    row = officer_page.locator("tr", has_text="Nina New")
    assert "Invited" in row.inner_text()
    assert row.get_by_role("button", name=re.compile("Resend invitation")).is_visible()

    # the invitation went out (queued, sent by the worker: in-process here)
    invitation = [m for m in mail.outbox if m.to and "nina@vcs.example.org" in m.to[0]][-1]
    link = re.search(r"https?://\S+/invitation/\S+/\S+/", invitation.body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)

    member_page = new_page()
    member_page.goto(path)
    assert axe_serious(member_page) == []
    member_page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    member_page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    submit(member_page, "Set password")
    # signed in, and the board is theirs to see; the register is not
    member_page.goto("/boards/mine/")
    assert "Northshire Children's Trust Board" in member_page.content()
    member_page.goto(f"/areas/{area.la_code}/partners/")
    assert "You cannot do that" in member_page.content()

    # the link works once
    other = new_page()
    other.goto(path)
    assert not other.get_by_label("New password", exact=True).count()

    # the officer now sees them as active, with nothing to resend
    officer_page.goto(f"/boards/{board.pk}/")
    row = officer_page.locator("tr", has_text="Nina New")
    assert "Active" in row.inner_text()
    assert row.get_by_role("button", name=re.compile("Resend invitation")).count() == 0

    # the term ends; the daily sweep ends the access and closes the account
    nina = User.objects.get(email="nina@vcs.example.org")
    today = timezone.localdate()
    Seat.objects.filter(person=nina).update(term_start=today - datetime.timedelta(days=2),
                                            term_end=today - datetime.timedelta(days=1))
    from trusts.tasks import access_sweep_task

    access_sweep_task.delay()
    nina.refresh_from_db()
    assert not nina.is_active and nina.account_status == User.AccountStatus.CLOSED
    member_page.goto("/boards/mine/")
    assert "/sign-in/" in member_page.url
