import re
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import AgreementRequest, AgreementResponse, PlanTransition, PlanVersion
from plans.tests.factories import complete_plan, make_contact
from plans.tokens import SALT, agreement_token_make
from trusts.errors import NotPermitted, TransitionError

S = PlanVersion.Status


@pytest.fixture
def in_agreement(officer, law_area, contacts, django_capture_on_commit_callbacks):
    version = complete_plan(law_area)
    services.plan_consultation_start(version=version, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_agreement_start(version=version, actor=officer, site_url="https://cypp.example.org/")
    return PlanVersion.objects.get(pk=version.pk)


def _to(message):
    """The address a message went to (the notices log sends to "Name <address>")."""
    return parseaddr(message.to[0])[1]


def _link(message):
    return re.search(r"https://cypp\.example\.org(/plan-answer/[^/\s]+/)", message.body).group(1)


def test_agreement_start_refused_while_incomplete(officer, law_area, relevant_partners):
    version = complete_plan(law_area, laa_link="")
    services.plan_consultation_start(version=version, actor=officer)
    with pytest.raises(TransitionError) as exc:
        services.plan_agreement_start(version=version, actor=officer)
    assert str(exc.value) == ("The plan is not complete: 1 thing to do before partners can be asked to agree it. "
                              "It is listed on the plan page.")
    assert not AgreementRequest.objects.exists()
    assert PlanVersion.objects.get(pk=version.pk).status == S.CONSULTATION


def test_agreement_start_snapshots_relevant_partners_and_mails_contacts(in_agreement, relevant_partners):
    requests = AgreementRequest.objects.filter(version=in_agreement)
    # the voluntary sector body is an 'other' partner: not asked
    assert sorted(r.partner.name for r in requests) == sorted(p.name for p in relevant_partners)
    assert in_agreement.status == S.AGREEMENT and in_agreement.agreement_round == 1
    assert sorted(_to(m) for m in mail.outbox) == ["pct@partners.example.org", "police_authority@partners.example.org",
                                                    "yot@partners.example.org"]
    message = mail.outbox[0]
    assert "does" in message.subject and "agree" in message.subject
    assert message.alternatives[0][1] == "text/html" and "/plan-answer/" in message.alternatives[0][0]
    assert "expires in 30 days" in message.body


def test_agreement_page_n_of_m_and_outstanding(client, in_agreement, contacts, officer):
    pct_request = AgreementRequest.objects.get(version=in_agreement, partner__org_type="pct")
    client.force_login(contacts["pct"])
    response = client.post(reverse("plans:agreement-respond", kwargs={"la_code": in_agreement.area.la_code,
                                                                        "agreement": pct_request.pk}),
                           {"decision": "agree"})
    assert response.status_code == 302
    client.force_login(officer)
    html = client.get(reverse("plans:version-detail", kwargs={"la_code": in_agreement.area.la_code,
                                                              "version": in_agreement.number})).content.decode()
    assert "1 of 3 relevant partners agreed" in html
    assert "Northshire Youth Offending Team – asked" in html
    assert "NHS Northshire PCT – asked" not in html


def test_agreement_only_that_partners_contact(client, in_agreement, contacts):
    pct_request = AgreementRequest.objects.get(version=in_agreement, partner__org_type="pct")
    client.force_login(contacts["yot"])  # a contact of another partner of the same area
    url = reverse("plans:agreement-respond", kwargs={"la_code": in_agreement.area.la_code, "agreement": pct_request.pk})
    response = client.post(url, {"decision": "agree"})
    assert response.status_code in (403, 404)
    assert not AgreementResponse.objects.exists()
    with pytest.raises(NotPermitted):
        services.agreement_respond(request=pct_request, actor=contacts["yot"], decision="agree")


def test_agreement_once_per_round_change_of_mind_is_new_entry(in_agreement, contacts):
    req = AgreementRequest.objects.get(version=in_agreement, partner__org_type="pct")
    services.agreement_respond(request=req, actor=contacts["pct"], decision="agree")
    with pytest.raises(TransitionError, match="has already agreed"):
        services.agreement_respond(request=req, actor=contacts["pct"], decision="agree")
    services.agreement_respond(request=req, actor=contacts["pct"], decision="object", reasons="Budget not agreed")
    decisions = list(AgreementResponse.objects.filter(request=req).values_list("decision", "actor"))
    assert decisions == [("agree", contacts["pct"].pk), ("object", contacts["pct"].pk)]


def test_objection_sends_version_back_to_draft_with_reasons(client, in_agreement, contacts, officer):
    req = AgreementRequest.objects.get(version=in_agreement, partner__org_type="yot")
    with pytest.raises(TransitionError, match="reasons"):
        services.agreement_respond(request=req, actor=contacts["yot"], decision="object")
    services.agreement_respond(request=req, actor=contacts["yot"], decision="object", reasons="No youth crime target")
    version = PlanVersion.objects.get(pk=in_agreement.pk)
    assert version.status == S.DRAFT
    last = PlanTransition.objects.filter(version=version).last()
    assert (last.from_status, last.to_status, last.actor) == (S.AGREEMENT, S.DRAFT, contacts["yot"])
    client.force_login(officer)
    html = client.get(reverse("plans:version-detail", kwargs={"la_code": version.area.la_code,
                                                              "version": version.number})).content.decode()
    assert "A partner objected" in html and "No youth crime target" in html
    # the officer responds, and a new round asks every partner again
    services.plan_agreement_start(version=version, actor=officer)
    assert AgreementRequest.objects.filter(version=version, round=2).count() == 3


def test_board_submit_refused_until_all_agreed(in_agreement, contacts, officer, board_setup):
    req = AgreementRequest.objects.get(version=in_agreement, partner__org_type="pct")
    services.agreement_respond(request=req, actor=contacts["pct"], decision="agree")
    with pytest.raises(TransitionError, match="1 of 3 relevant partners have agreed"):
        services.plan_board_submit(version=in_agreement, meeting=board_setup["meeting"], actor=officer)


# --- the signed link in the e-mail -----------------------------------------------------------
def test_email_link_records_answer_once(client, in_agreement, contacts):
    message = next(m for m in mail.outbox if _to(m) == "pct@partners.example.org")
    link = _link(message)
    page = client.get(link)
    assert page.status_code == 200 and "Does NHS Northshire PCT agree the plan?" in page.content.decode()
    response = client.post(link, {"decision": "agree"})
    assert "Your answer has been recorded" in response.content.decode()
    answer = AgreementResponse.objects.get()
    assert (answer.decision, answer.via, answer.actor) == ("agree", "email", contacts["pct"])
    # single-use: the nonce was rotated
    again = client.post(link, {"decision": "object", "reasons": "x"})
    assert again.status_code == 400 and "already been used" in again.content.decode()
    assert AgreementResponse.objects.count() == 1


def test_email_link_expired(client, in_agreement):
    link = _link(mail.outbox[0])
    with time_machine.travel(timezone.now() + timezone.timedelta(days=31)):
        response = client.get(link)
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_email_link_tampered(client, in_agreement):
    link = _link(mail.outbox[0])
    token = link.split("/")[2]
    response = client.get(f"/plan-answer/{token[:-2]}xx/")
    assert response.status_code == 400 and "not valid" in response.content.decode()


def test_email_link_for_wrong_partner_or_version(client, in_agreement, relevant_partners):
    req = AgreementRequest.objects.get(version=in_agreement, partner__org_type="pct")
    other = AgreementRequest.objects.get(version=in_agreement, partner__org_type="yot")
    # correctly signed, but claims the PCT's request for the Youth Offending Team
    forged = signing.dumps({"r": req.pk, "p": other.partner_id, "v": req.version_id, "n": req.nonce, "u": None},
                           salt=SALT, compress=True)
    response = client.post(f"/plan-answer/{forged}/", {"decision": "agree"})
    assert response.status_code == 400 and "not for this partner and plan version" in response.content.decode()
    assert not AgreementResponse.objects.exists()


def test_email_link_dead_after_version_leaves_agreement(client, in_agreement, officer):
    link = _link(mail.outbox[0])
    services.plan_return_to_draft(version=in_agreement, actor=officer, comment="Rethink")
    response = client.get(link)
    assert response.status_code == 400 and "no longer waiting" in response.content.decode()


def test_email_link_made_for_one_partner_works_only_for_it(in_agreement):
    req = AgreementRequest.objects.get(version=in_agreement, partner__org_type="police_authority")
    token = agreement_token_make(request=req)
    from plans.tokens import agreement_token_read

    found, user = agreement_token_read(token)
    assert found.pk == req.pk and user is None


def test_partner_without_contact_gets_mail_at_lead_address(officer, law_area, django_capture_on_commit_callbacks):
    from partners.models import Partner

    Partner.objects.create(area=law_area, name="Probation", org_type="probation",
                           lead_contact_email="lead@probation.example.org")
    pct = Partner.objects.create(area=law_area, name="PCT", org_type="pct")
    make_contact(pct, "a@pct.example.org")
    make_contact(pct, "b@pct.example.org")
    version = complete_plan(law_area)
    services.plan_consultation_start(version=version, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_agreement_start(version=version, actor=officer)
    assert sorted(_to(m) for m in mail.outbox) == ["a@pct.example.org", "b@pct.example.org",
                                                    "lead@probation.example.org"]
