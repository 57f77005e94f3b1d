"""The agreement round at real size - answers recorded by officers, a deadline, chasing
everyone outstanding in one action, all agreement mail through the notices exactly-once log, and
reminders that stop the moment the partner has agreed."""
import re
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import AgreementRequest, AgreementResponse, PlanVersion
from plans.reminders import AGREEMENT_CHASE, AGREEMENT_REQUEST
from plans.tests.factories import complete_plan
from trusts.notices.models import Notification, ReminderLog
from trusts.notices.services import reminder_send
from trusts.notices.workdays import add_working_days
from trusts.tests.factories import date_input as _date
from trusts.errors import TransitionError

S = PlanVersion.Status
TODAY = timezone.localdate


@pytest.fixture
def in_agreement(officer, law_area, contacts, django_capture_on_commit_callbacks):
    version = complete_plan(law_area)
    services.plan_consultation_start(version=version, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_agreement_start(version=version, actor=officer, site_url="https://cypp.example.org/")
    return PlanVersion.objects.get(pk=version.pk)


def _req(version, org_type):
    return AgreementRequest.objects.select_related("partner").get(version=version, partner__org_type=org_type)


def _to(message):
    return parseaddr(message.to[0])[1]


def _version_page(client, version):
    return client.get(reverse("plans:version-detail", kwargs={"la_code": version.area.la_code,
                                                              "version": version.number})).content.decode()


def _record_url(req):
    return reverse("plans:agreement-record", kwargs={"la_code": req.version.area.la_code, "agreement": req.pk})


# --- 1. an answer received outside the service, recorded by an officer -------------------------
def test_officer_records_answer_received_by_letter_shown_and_audited(client, in_agreement, officer):
    req = _req(in_agreement, "police_authority")
    client.force_login(officer)
    received = TODAY()  # asked today as well
    response = client.post(_record_url(req), {"decision": "agree", **_date("received_on", received),
                                              "channel": "letter", "note": "Signed by the chief constable"})
    assert response.status_code == 302
    answer = AgreementResponse.objects.get(request=req)
    assert (answer.decision, answer.via, answer.actor, answer.channel, answer.received_on) == (
        "agree", "officer", officer, "letter", received)
    req.refresh_from_db()
    assert req.latest_decision == "agree"
    last = req.history.order_by("-history_date").first()
    assert last.history_user == officer and "received by letter" in last.history_change_reason
    page = _version_page(client, in_agreement)
    # how the answer came is on the answers page (the plan page shows the round as a summary)
    answers = client.get(reverse("plans:version-answers", kwargs={"la_code": in_agreement.area.la_code,
                                                                  "version": in_agreement.number})).content.decode()
    assert (f"recorded by Olive Officer on {TODAY():%-d %B %Y}, received by letter on {received:%-d %B %Y}"
            in answers.replace("\n", " "))
    # the outstanding list no longer names it, and says how many are left
    assert "Outstanding: 2" in page and "record an answer received<span class=\"govuk-visually-hidden\"> from " \
        "Northshire Police Authority" not in page


def test_officer_record_answer_date_before_asked_is_an_error(client, in_agreement, officer):
    req = _req(in_agreement, "pct")
    client.force_login(officer)
    response = client.post(_record_url(req), {"decision": "agree", **_date("received_on", TODAY() - timedelta(days=40)),
                                              "channel": "email"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body
    assert "The date (date the answer was received) must be on or after" in body
    assert not AgreementResponse.objects.exists()


def test_officer_record_answer_objection_needs_reasons_and_returns_to_draft(in_agreement, officer):
    req = _req(in_agreement, "yot")
    with pytest.raises(TransitionError, match="Enter the partner's reasons for objecting"):
        services.agreement_record(request=req, actor=officer, decision="object", received_on=TODAY(),
                                  channel="meeting")
    services.agreement_record(request=req, actor=officer, decision="object", received_on=TODAY(), channel="meeting",
                              reasons="The plan omits youth justice")
    assert PlanVersion.objects.get(pk=in_agreement.pk).status == S.DRAFT


def test_record_answer_refused_to_partner_contact_even_its_own(client, in_agreement, contacts):
    req = _req(in_agreement, "pct")
    client.force_login(contacts["pct"])
    response = client.post(_record_url(req), {"decision": "agree", **_date("received_on", TODAY()),
                                              "channel": "letter"})
    assert response.status_code == 403 and not AgreementResponse.objects.exists()


def test_partner_own_later_answer_replaces_recorded_one(in_agreement, officer, contacts):
    req = _req(in_agreement, "pct")
    services.agreement_record(request=req, actor=officer, decision="agree", received_on=TODAY(), channel="email")
    # the same answer, given by the partner itself, is not refused as "already agreed": it replaces it
    own = services.agreement_respond(request=req, actor=contacts["pct"], decision="agree")
    assert own.via == "page" and own.actor == contacts["pct"]
    latest = AgreementResponse.objects.filter(request=req).order_by("-at", "-pk").first()
    assert latest == own and AgreementResponse.objects.filter(request=req).count() == 2


def test_officer_cannot_overwrite_partner_own_answer(in_agreement, officer, contacts):
    req = _req(in_agreement, "pct")
    services.agreement_respond(request=req, actor=contacts["pct"], decision="agree")
    with pytest.raises(TransitionError, match="Its own answer stands"):
        services.agreement_record(request=req, actor=officer, decision="object", received_on=TODAY(),
                                  channel="letter", reasons="Changed its mind by phone")
    assert _req(in_agreement, "pct").latest_decision == "agree"


# --- 2. every round has a deadline ---------------------------------------------------------------
def test_agreement_round_deadline_default_20_working_days_shown_everywhere(client, in_agreement, officer, contacts):
    due = add_working_days(TODAY(), 20)
    assert in_agreement.agreement_due_on == due
    shown = f"{due:%-d %B %Y}"
    # every request e-mail, text and HTML
    assert len(mail.outbox) == 3
    assert all(f"by {shown}" in m.body and shown in m.alternatives[0][0] for m in mail.outbox)
    client.force_login(officer)
    assert f"Partners to answer by <strong>{shown}</strong>" in _version_page(client, in_agreement)
    client.force_login(contacts["pct"])
    req = _req(in_agreement, "pct")
    page = client.get(reverse("plans:agreement-respond", kwargs={"la_code": "801", "agreement": req.pk}))
    assert f"Answer by {shown}." in page.content.decode()


def test_send_for_agreement_with_chosen_deadline(client, officer, law_area, contacts):
    version = complete_plan(law_area)
    services.plan_consultation_start(version=version, actor=officer)
    client.force_login(officer)
    url = reverse("plans:version-status", kwargs={"la_code": "801", "version": version.number})
    # a date that is not in the future is a GOV.UK error, and nothing is sent
    bad = client.post(url, {"action": "agreement", **_date("due_on", TODAY())})
    assert bad.status_code == 200 and "must be on or after" in bad.content.decode()
    assert PlanVersion.objects.get(pk=version.pk).status == S.CONSULTATION and not AgreementRequest.objects.exists()
    chosen = TODAY() + timedelta(days=45)
    response = client.post(url, {"action": "agreement", "comment": "", **_date("due_on", chosen)})
    assert response.status_code == 302
    assert PlanVersion.objects.get(pk=version.pk).agreement_due_on == chosen


# --- 3. chase everyone outstanding in one action, exactly once a day ----------------------------
def test_chase_all_outstanding_partners_once_a_day(client, in_agreement, officer, contacts,
                                                   django_capture_on_commit_callbacks):
    services.agreement_respond(request=_req(in_agreement, "pct"), actor=contacts["pct"], decision="agree")
    mail.outbox.clear()
    client.force_login(officer)
    url = reverse("plans:version-chase", kwargs={"la_code": "801", "version": in_agreement.number})
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True)
    assert "Reminders sent to 2 partners" in first.content.decode()
    # the two outstanding partners only, each with the deadline and a working single-use link
    assert sorted(_to(m) for m in mail.outbox) == ["police_authority@partners.example.org",
                                                   "yot@partners.example.org"]
    due = f"{in_agreement.agreement_due_on:%-d %B %Y}"
    assert all(due in m.subject and f"Please answer by {due}" in m.body for m in mail.outbox)
    link = re.search(r"https?://[^/]+(/plan-answer/[^/\s]+/)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, follow=True)
    assert "already been reminded today: nothing new was sent" in second.content.decode()
    assert len(mail.outbox) == 2
    # the signed link is a credential: never in the log
    assert not any("plan-answer" in (log.link + str(log.context)) for log in ReminderLog.objects.all())


def test_agreement_request_mail_exactly_once_when_task_retried(in_agreement, django_capture_on_commit_callbacks):
    """A task retried part-way (the old per-request task, or a second delivery) mails nobody twice."""
    logs = ReminderLog.objects.filter(kind=AGREEMENT_REQUEST).count()
    assert logs == 3 and len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        for req in AgreementRequest.objects.filter(version=in_agreement):
            services.agreement_request_send(request=req, site_url="https://cypp.example.org/")
    assert ReminderLog.objects.filter(kind=AGREEMENT_REQUEST).count() == 3 and len(mail.outbox) == 3
    for log in ReminderLog.objects.all():
        assert reminder_send(log_id=log.pk) is False
    assert len(mail.outbox) == 3


# --- 4. a reminder disappears the moment its condition is met -----------------------------------
def test_chase_reminder_not_sent_after_partner_agreed(in_agreement, officer, contacts):
    services.agreement_chase(version=in_agreement, actor=officer)  # logged; the send is after commit
    log = ReminderLog.objects.get(kind=AGREEMENT_CHASE, recipient_email="yot@partners.example.org")
    services.agreement_respond(request=_req(in_agreement, "yot"), actor=contacts["yot"], decision="agree")
    mail.outbox.clear()
    assert reminder_send(log_id=log.pk) is False
    log.refresh_from_db()
    assert log.status == ReminderLog.Status.WITHDRAWN and mail.outbox == []
    assert not Notification.objects.filter(reminder=log).exists()
    # a partner still outstanding is still reminded
    other = ReminderLog.objects.get(kind=AGREEMENT_CHASE, recipient_email="pct@partners.example.org")
    assert reminder_send(log_id=other.pk) is True and "has not yet agreed" in mail.outbox[0].body


def test_agreement_notification_disappears_when_partner_agrees(in_agreement, officer, contacts):
    pct = contacts["pct"]
    notice = Notification.objects.get(user=pct, reminder__kind=AGREEMENT_REQUEST)
    assert notice.dismissed_at is None
    services.agreement_record(request=_req(in_agreement, "pct"), actor=officer, decision="agree",
                              received_on=TODAY(), channel="meeting")
    notice.refresh_from_db()
    assert notice.dismissed_at is not None
    # another partner's stays
    assert Notification.objects.get(user=contacts["yot"]).dismissed_at is None
