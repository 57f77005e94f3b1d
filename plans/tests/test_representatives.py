"""Agreement through the board seats that represent partners (para 45; Children Act
2004 s12A(5)), and the letter or e-mail attached to an answer an officer records."""
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from boards.tests.factories import BoardFactory, BoardMemberFactory, SeatFactory
from partners.models import Partner
from plans import services
from plans.models import (
    AgreementRequest,
    AgreementResponse,
    PlanTransition,
    PlanVersion,
)
from plans.permissions import policy
from plans.reminders import AGREEMENT_REQUEST
from plans.representation import panel
from plans.tests.factories import (
    AgreementRequestFactory,
    PlanVersionFactory,
    answer_with_document,
    make_contact,
)
from trusts.errors import NotPermitted, TransitionError
from trusts.notices.models import Notification, ReminderLog
from trusts.tests.factories import AreaFactory

S = PlanVersion.Status
TODAY = timezone.localdate
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _partners(area, org_type, n, prefix):
    return [Partner.objects.create(area=area, org_type=org_type, name=f"{prefix} {i:03d}") for i in range(n)]


@pytest.fixture
def round_(area):
    """A version with partners: 4 academies, 2 community schools and a PCT asked (round 1)."""
    version = PlanVersionFactory(area=area, status=S.AGREEMENT, agreement_round=1,
                                 agreement_due_on=TODAY() + timedelta(days=20))
    partners = (_partners(area, "academy", 4, "Academy") + _partners(area, "school_community", 2, "Community")
                + [Partner.objects.create(area=area, org_type="pct", name="NHS Northshire PCT")])
    for partner in partners:
        AgreementRequestFactory(version=version, partner=partner, round=1)
    return version


@pytest.fixture
def holder(area):
    user = BoardMemberFactory(area=area, full_name="Harriet Head", email="harriet@school.example.org")
    return user


@pytest.fixture
def seat(area, holder):
    """A current seat on the area's board representing every academy."""
    return SeatFactory(board=BoardFactory(area=area), person=holder, represented_groups=["academies"])


def _req(version, name):
    return AgreementRequest.objects.select_related("partner").get(version=version, partner__name=name)


def _answers(version):
    return {r.partner.name: r.latest_decision
            for r in AgreementRequest.objects.filter(version=version).select_related("partner")}


def _represent_url(version, seat):
    return reverse("plans:agreement-represent", kwargs={"la_code": version.area.la_code, "version": version.number,
                                                         "seat": seat.pk})


# --- the representative answers for the group -----------------------------------------------
def test_representative_answers_for_every_outstanding_academy(round_, seat, holder):
    count = services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    assert count == 4
    answers = _answers(round_)
    assert [answers[f"Academy {i:03d}"] for i in range(4)] == ["agree"] * 4
    # the group is academies only: schools of other types and the PCT are not answered for
    assert answers["Community 000"] == answers["NHS Northshire PCT"] == ""
    rows = AgreementResponse.objects.filter(request__version=round_)
    assert {(r.via, r.through_seat_id, r.actor_id) for r in rows} == {("representative", seat.pk, holder.pk)}
    row = rows.first()
    assert row.answer_label == "Agreed through the Schools seat held by Harriet Head"
    # audited: the request's history names the holder and how
    history = _req(round_, "Academy 000").history.order_by("-history_date").first()
    assert history.history_user == holder and "through the Schools seat" in history.history_change_reason


def test_named_partner_on_seat_is_represented_too(round_, seat, holder):
    seat.represented_partners.add(_req(round_, "NHS Northshire PCT").partner)
    assert services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree") == 5
    assert _answers(round_)["NHS Northshire PCT"] == "agree"


def test_academy_that_answered_itself_keeps_its_own_answer(round_, seat, holder):
    own = _req(round_, "Academy 001")
    contact = make_contact(own.partner, "head@academy1.example.org")
    services.agreement_respond(request=own, actor=contact, decision="object", reasons="Too little on SEN")
    # the objection sent the version back: a new round in which the academy has answered itself
    PlanVersion.objects.filter(pk=round_.pk).update(status=S.AGREEMENT)
    round_.refresh_from_db()
    count = services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    assert count == 3
    assert _answers(round_)["Academy 001"] == "object"
    assert not AgreementResponse.objects.filter(request=own, via="representative").exists()


def test_later_own_answer_replaces_the_representatives_even_the_same(round_, seat, holder):
    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    req = _req(round_, "Academy 002")
    contact = make_contact(req.partner, "head@academy2.example.org")
    services.agreement_respond(request=req, actor=contact, decision="agree")
    last = req.responses.order_by("-at", "-pk").first()
    assert (last.via, last.actor) == ("page", contact)
    # the representative changes its answer: the academy's own answer stands
    count = services.agreement_represent(version=round_, seat=seat, actor=holder, decision="object",
                                         reasons="The schools' budget is not in the plan")
    assert count == 3
    assert _answers(round_)["Academy 002"] == "agree"


def test_officer_recorded_answer_is_not_overwritten_and_replaces_representatives(round_, seat, holder, officer):
    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    req = _req(round_, "Academy 003")
    # an officer records the academy's letter over the representative's answer (same decision)
    services.agreement_record(request=req, actor=officer, decision="agree", received_on=TODAY(), channel="letter")
    assert req.responses.order_by("-at", "-pk").first().via == "officer"
    count = services.agreement_represent(version=round_, seat=seat, actor=holder, decision="object",
                                         reasons="Not enough for academies")
    assert count == 3
    assert _answers(round_)["Academy 003"] == "agree"
    assert not req.responses.filter(via="representative", decision="object").exists()


def test_objection_through_representative_returns_to_draft_once(round_, seat, holder):
    with pytest.raises(TransitionError, match="Enter the reasons for objecting"):
        services.agreement_represent(version=round_, seat=seat, actor=holder, decision="object")
    count = services.agreement_represent(version=round_, seat=seat, actor=holder, decision="object",
                                         reasons="Nothing on school places")
    assert count == 4
    round_.refresh_from_db()
    assert round_.status == S.DRAFT
    moves = PlanTransition.objects.filter(version=round_, to_status=S.DRAFT)
    assert moves.count() == 1
    assert moves.get().comment.startswith("Objection from the Schools seat held by Harriet Head, for 4 partners")
    assert AgreementResponse.objects.filter(request__version=round_, decision="object").count() == 4


def test_same_answer_twice_is_refused_and_nobody_outstanding(round_, seat, holder):
    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    with pytest.raises(TransitionError, match="already has this answer through the seat"):
        services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    assert AgreementResponse.objects.filter(request__version=round_).count() == 4


def test_seat_representing_nobody_asked_is_refused(round_, area, holder):
    other = SeatFactory(board=BoardFactory(area=area), person=holder, represented_groups=["colleges"])
    with pytest.raises(TransitionError, match="represents no partner that was asked"):
        services.agreement_represent(version=round_, seat=other, actor=holder, decision="agree")


def test_not_in_agreement_refused(round_, seat, holder):
    PlanVersion.objects.filter(pk=round_.pk).update(status=S.DRAFT)
    round_.refresh_from_db()
    with pytest.raises(TransitionError, match="not waiting for partners to agree it"):
        services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")


def test_non_holder_ended_seat_and_other_area_refused(round_, seat, holder, board_member, officer, other_area):
    for user in (board_member, officer):
        with pytest.raises(NotPermitted, match="Only the person holding this board seat"):
            services.agreement_represent(version=round_, seat=seat, actor=user, decision="agree")
    # a term that has ended
    seat.term_end = TODAY() - timedelta(days=1)
    seat.term_start = TODAY() - timedelta(days=100)
    seat.save()
    with pytest.raises(NotPermitted):
        services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    # a seat on another area's board answers nothing here
    theirs = SeatFactory(board=BoardFactory(area=other_area), person=holder, represented_groups=["academies"])
    with pytest.raises(NotPermitted):
        services.agreement_represent(version=round_, seat=theirs, actor=holder, decision="agree")
    assert not AgreementResponse.objects.exists()


def test_reminders_withdrawn_when_representative_answers(round_, seat, holder, django_capture_on_commit_callbacks):
    from trusts.notices.services import reminder_send

    contacts = {name: make_contact(_req(round_, name).partner, f"c{i}@example.org")
                for i, name in enumerate(["Academy 000", "Community 000"])}
    with django_capture_on_commit_callbacks(execute=False):
        services._agreement_mail([_req(round_, n) for n in contacts], version=round_, kind=AGREEMENT_REQUEST,
                                 offset="round 1")
    for log in ReminderLog.objects.all():
        reminder_send(log_id=log.pk)
    assert Notification.objects.filter(dismissed_at__isnull=True).count() == 2
    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    assert Notification.objects.get(user=contacts["Academy 000"]).dismissed_at is not None
    assert Notification.objects.get(user=contacts["Community 000"]).dismissed_at is None
    # the chaser no longer counts the academy as outstanding
    assert not services.agreement_still_outstanding(_req(round_, "Academy 000").pk)


def test_group_follows_the_register_closed_academy_leaves(round_, seat, holder):
    Partner.objects.filter(name="Academy 000").update(engagement=Partner.Engagement.WITHDRAWN)
    assert services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree") == 3
    assert _answers(round_)["Academy 000"] == ""


# --- the pages ----------------------------------------------------------------------------------
def test_represent_page_shows_counts_and_answers(client, round_, seat, holder):
    services.agreement_respond(request=_req(round_, "Academy 000"),
                               actor=make_contact(_req(round_, "Academy 000").partner, "a0@example.org"),
                               decision="agree")
    client.force_login(holder)
    html = client.get(_represent_url(round_, seat)).content.decode()
    assert "Answer for the partners you represent" in html
    for label, value in (("Partners represented", 4), ("Answered for themselves", 1),
                         ("Answered through this seat", 0), ("Waiting for your answer", 3)):
        assert f'{label}</dt><dd class="govuk-summary-list__value">{value}<' in html
    assert "Academy 001" in html and "Academy 000</li>" not in html
    response = client.post(_represent_url(round_, seat), {"decision": "agree"})
    assert response.status_code == 302
    assert _answers(round_)["Academy 003"] == "agree"
    html = client.get(response["Location"]).content.decode()
    assert "You have agreed for 3 partners this seat represents" in html
    assert 'Answered through this seat</dt><dd class="govuk-summary-list__value">3<' in html


def test_represent_page_objection_without_reasons_is_an_error(client, round_, seat, holder):
    client.force_login(holder)
    response = client.post(_represent_url(round_, seat), {"decision": "object"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in html and "Enter the reasons for objecting" in html
    assert not AgreementResponse.objects.exists()


def test_represent_page_refused_to_others(client, round_, seat, board_member, officer, other_officer, other_area):
    client.force_login(board_member)  # a board member without a seat does not see a version with partners
    assert client.get(_represent_url(round_, seat)).status_code == 403
    client.force_login(officer)  # the officer sees the version but does not hold the seat
    response = client.post(_represent_url(round_, seat), {"decision": "agree"})
    assert response.status_code == 403 and "Only the person holding this board seat" in response.content.decode()
    client.force_login(other_officer)
    assert client.get(_represent_url(round_, seat)).status_code == 404
    # a seat on another area's board, under this area's version: 404
    theirs = SeatFactory(board=BoardFactory(area=other_area), represented_groups=["academies"])
    client.force_login(officer)
    assert client.get(_represent_url(round_, theirs)).status_code == 404
    assert not AgreementResponse.objects.exists()


def test_representative_reads_the_version_with_partners_but_not_a_draft(client, round_, seat, holder):
    url = reverse("plans:version-detail", kwargs={"la_code": round_.area.la_code, "version": round_.number})
    client.force_login(holder)
    assert client.get(url).status_code == 200
    assert policy.visible(holder).filter(pk=round_.pk).exists()
    PlanVersion.objects.filter(pk=round_.pk).update(status=S.DRAFT)
    assert client.get(url).status_code == 403


def test_panel_none_unless_holder_with_partners(round_, seat, holder, board_member, officer):
    assert panel(user=board_member, version=round_) is None
    assert panel(user=officer, version=round_) is None
    result = panel(user=holder, version=round_)
    (row,) = result["seats"]
    assert row["counts"] == {"represented": 4, "own": 0, "through": 0, "outstanding": 4}
    assert row["groups"] == ["All academies and city technology colleges"]
    assert row["url"] == reverse("plans:agreement-represent", kwargs={
        "la_code": round_.area.la_code, "version": round_.number, "seat": seat.pk})
    PlanVersion.objects.filter(pk=round_.pk).update(status=S.APPROVAL)
    round_.refresh_from_db()
    assert panel(user=holder, version=round_) is None


def test_panel_template_renders_counts(round_, seat, holder):
    from django.template.loader import render_to_string

    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    html = render_to_string("plans/_represent.html", {"represent": panel(user=holder, version=round_)})
    assert 'Answered through this seat</dt><dd class="govuk-summary-list__value">4<' in html
    assert "Change the answer given through this seat" in html
    assert render_to_string("plans/_represent.html", {"represent": None}).strip() == ""


@pytest.mark.parametrize("academies", [5, 60])
def test_panel_queries_constant_and_names_capped(area, holder, seat, academies, django_assert_num_queries):
    version = PlanVersionFactory(area=area, status=S.AGREEMENT, agreement_round=1)
    AgreementRequest.objects.bulk_create([
        AgreementRequest(version=version, partner=p, round=1, nonce=f"n{i}")
        for i, p in enumerate(_partners(area, "academy", academies, "Big Academy"))])
    version = PlanVersion.objects.select_related("area").get(pk=version.pk)
    user = type(holder).objects.get(pk=holder.pk)  # nothing cached on the user
    # seats, their boards' joint areas, the counts, the first names
    with django_assert_num_queries(4):
        result = panel(user=user, version=version)
    row = result["seats"][0]
    assert row["counts"]["outstanding"] == academies
    assert len(row["names"]) == min(academies, 20) and row["more"] == max(0, academies - 20)


# --- answers shown everywhere -----------------------------------------------------------------
def test_how_label_for_each_way(round_, seat, holder, officer):
    req = _req(round_, "Community 000")
    contact = make_contact(req.partner, "c@example.org")
    page = services.agreement_respond(request=req, actor=contact, decision="agree")
    assert page.answer_label == "Agreed by Contact of Community 000 on the plan page"
    email = AgreementResponse(request=req, decision="agree", via="email", actor=contact)
    assert email.how_label == "by Contact of Community 000, from the link in the request e-mail"
    letter = services.agreement_record(request=_req(round_, "NHS Northshire PCT"), actor=officer, decision="agree",
                                       received_on=TODAY(), channel="meeting")
    assert letter.answer_label == (f"Agreed, recorded by Olive Officer on {TODAY():%-d %B %Y}, received at a meeting "
                                   f"on {TODAY():%-d %B %Y}")
    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    rep = AgreementResponse.objects.filter(via="representative").first()
    assert rep.how_label == "through the Schools seat held by Harriet Head"


def test_plan_page_shows_agreed_through_seat(client, round_, seat, holder, officer):
    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    client.force_login(officer)
    html = client.get(reverse("plans:version-detail", kwargs={"la_code": round_.area.la_code,
                                                              "version": round_.number})).content.decode()
    assert "through the Schools seat held by Harriet Head" in html


def test_own_answer_page_says_it_replaces_the_representatives(client, round_, seat, holder):
    services.agreement_represent(version=round_, seat=seat, actor=holder, decision="agree")
    req = _req(round_, "Academy 000")
    client.force_login(make_contact(req.partner, "a@example.org"))
    url = reverse("plans:agreement-respond", kwargs={"la_code": round_.area.la_code, "agreement": req.pk})
    html = client.get(url).content.decode()
    assert "your own answer replaces the one given through the Schools seat held by Harriet Head" in html
    assert client.post(url, {"decision": "agree"}).status_code == 302
    assert req.responses.order_by("-at", "-pk").first().via == "page"


# --- B. the letter or e-mail attached to a recorded answer ------------------------------------
def _record_url(req):
    return reverse("plans:agreement-record", kwargs={"la_code": req.version.area.la_code, "agreement": req.pk})


def _record_post(client, req, upload):
    return client.post(_record_url(req), {
        "decision": "agree", "received_on_0": TODAY().day, "received_on_1": TODAY().month,
        "received_on_2": TODAY().year, "channel": "email", "note": "From the chair of governors",
        "document": upload})


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("letter.pdf", PDF, "application/pdf"),
    ("reply.eml", b"From: chair@academy.example.org\r\nSubject: Plan\r\n\r\nWe agree.\r\n", "message/rfc822"),
    ("reply.txt", "We agree the plan. Signed, the chair \u2013 30 November".encode(), "text/plain; charset=utf-8"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40, "image/png"),
])
def test_recorded_answer_with_document_stored_and_downloaded(client, round_, officer, board_member, name, content,
                                                             content_type):
    req = _req(round_, "NHS Northshire PCT")
    client.force_login(officer)
    response = _record_post(client, req, SimpleUploadedFile(name, content, content_type="text/html"))
    assert response.status_code == 302, response.content.decode()[:3000]
    answer = AgreementResponse.objects.get(request=req)
    assert (answer.document_name, answer.document_type, answer.document_size) == (name, content_type, len(content))
    assert name not in answer.document.name  # stored under a random name
    url = reverse("plans:agreement-document", kwargs={"la_code": round_.area.la_code, "answer": answer.pk})
    for user in (officer, board_member):
        client.force_login(user)
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["Content-Type"] == content_type and download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content) == content
    # the record page links it
    client.force_login(officer)
    assert url in client.get(_record_url(req)).content.decode()


def _zip_bomb_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (110 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("letter.html", b"<html><script>alert(1)</script></html>", "The selected file must be a PDF"),
    ("letter.pdf", b"MZ\x90\x00 not a pdf at all", "is called .pdf but its content is not a PDF"),
    ("reply.txt", b"\x89PNG\r\n\x1a\n\x00\x00binary", "is called .txt but its content is not a text file"),
    ("scan.jpg", b"GIF89a not a jpeg", "is called .jpg but its content is not a JPEG image"),
    ("reply.eml", b"Just a sentence without headers\n", "is called .eml but its content is not a saved e-mail"),
    ("bomb.docx", None, "unpacks to much more than its size"),
])
def test_bad_document_refused_and_nothing_changes(client, round_, officer, media_in_tmp, name, content, message):
    req = _req(round_, "NHS Northshire PCT")
    client.force_login(officer)
    response = _record_post(client, req, SimpleUploadedFile(name, content or _zip_bomb_docx()))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in html and message in html
    assert not AgreementResponse.objects.exists()
    req.refresh_from_db()
    assert req.latest_decision == ""
    assert not any(p.is_file() for p in media_in_tmp.rglob("*")) if media_in_tmp.exists() else True


def test_document_refused_with_other_error_stores_no_file(round_, officer, media_in_tmp):
    req = _req(round_, "NHS Northshire PCT")
    upload = SimpleUploadedFile("letter.pdf", PDF)
    with pytest.raises(TransitionError, match="must be today or in the past"):
        services.agreement_record(request=req, actor=officer, decision="agree", channel="letter",
                                  received_on=TODAY() + timedelta(days=1), document=upload)
    assert not AgreementResponse.objects.exists()
    assert not any(p.is_file() for p in media_in_tmp.rglob("*")) if media_in_tmp.exists() else True


def test_document_download_permissions(client, round_, officer, other_officer, partner_contact, steward):
    answer = answer_with_document(round_, actor=officer)
    url = reverse("plans:agreement-document", kwargs={"la_code": round_.area.la_code, "answer": answer.pk})
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(partner_contact)  # not the partner's contact: may not know the answer exists
    assert client.get(url).status_code == 404
    own_contact = make_contact(answer.request.partner, "own@example.org")
    client.force_login(own_contact)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    assert client.post(url).status_code == 405
    # another area's answer under this area's URL: 404 even for this area's officer
    theirs = answer_with_document(PlanVersionFactory(area=AreaFactory(), status=S.AGREEMENT, agreement_round=1))
    assert client.get(reverse("plans:agreement-document", kwargs={
        "la_code": round_.area.la_code, "answer": theirs.pk})).status_code == 404
    # an answer without a document: 404
    plain = AgreementRequestFactory(version=round_)
    bare = services.agreement_record(request=plain, actor=officer, decision="agree", received_on=TODAY(),
                                     channel="phone")
    assert client.get(reverse("plans:agreement-document", kwargs={
        "la_code": round_.area.la_code, "answer": bare.pk})).status_code == 404
