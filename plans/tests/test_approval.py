import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Decision
from boards.signals import decision_recorded
from plans import selectors, services
from plans.models import PlanApproval, PlanTransition, PlanVersion
from plans.tests.factories import PlanVersionFactory, complete_plan, mark_present
from trusts.errors import NotPermitted, TransitionError

S = PlanVersion.Status


@pytest.fixture
def agreed(officer, law_area, contacts):
    version = complete_plan(law_area)
    services.plan_consultation_start(version=version, actor=officer)
    services.plan_agreement_start(version=version, actor=officer)
    for req in version.agreement_requests.select_related("partner"):
        services.agreement_respond(request=req, actor=contacts[req.partner.org_type], decision="agree")
    return PlanVersion.objects.get(pk=version.pk)


@pytest.fixture
def on_agenda(agreed, officer, board_setup):
    approval = services.plan_board_submit(version=agreed, meeting=board_setup["meeting"], actor=officer)
    return approval


def test_board_submit_adds_agenda_item_through_boards(on_agenda, board_setup):
    item = AgendaItem.objects.get(meeting=board_setup["meeting"])
    assert item.kind == "plan_approval" and f"version {on_agenda.version.number})" in item.title
    assert on_agenda.agenda_item == item
    assert PlanVersion.objects.get(pk=on_agenda.version_id).status == S.APPROVAL


def test_approval_refused_at_non_quorate_meeting_with_reason(on_agenda, board_member, board_setup):
    mark_present(board_setup["meeting"], board_setup["seats"][:0])
    with pytest.raises(TransitionError, match="not quorate. Not quorate: 0 voting members present"):
        services.plan_board_decide(approval=on_agenda, actor=board_member, decision="approve")
    assert PlanVersion.objects.get(pk=on_agenda.version_id).status == S.APPROVAL
    assert not Decision.objects.exists()


def test_approval_at_quorate_meeting_publishes(on_agenda, board_member, board_setup, law_area):
    mark_present(board_setup["meeting"], board_setup["seats"][:1])
    services.plan_board_decide(approval=on_agenda, actor=board_member, decision="approve")
    version = PlanVersion.objects.get(pk=on_agenda.version_id)
    today = timezone.localdate()
    assert version.status == S.PUBLISHED and version.published_on == today
    assert version.review_due_on == today.replace(year=today.year + 1) or version.review_due_on.year == today.year + 1
    decision = Decision.objects.get()
    assert decision.outcome == "carried" and decision.recorded_by == board_member and decision.present_voting == 1
    last = PlanTransition.objects.filter(version=version).last()
    assert (last.to_status, last.actor) == (S.PUBLISHED, board_member) and "voting members present" in last.comment


def test_approval_supersedes_previous_published(on_agenda, board_member, board_setup, law_area):
    old = PlanVersionFactory(area=law_area, status=S.PUBLISHED, published_on=datetime.date(2009, 4, 1), number=99)
    mark_present(board_setup["meeting"], board_setup["seats"])
    services.plan_board_decide(approval=on_agenda, actor=board_member, decision="approve")
    assert PlanVersion.objects.get(pk=old.pk).status == S.SUPERSEDED


def test_rejection_returns_to_draft_with_reasons(on_agenda, board_member, board_setup):
    mark_present(board_setup["meeting"], board_setup["seats"])
    with pytest.raises(TransitionError, match="reasons"):
        services.plan_board_decide(approval=on_agenda, actor=board_member, decision="reject")
    services.plan_board_decide(approval=on_agenda, actor=board_member, decision="reject", reasons="No CAMHS plan")
    version = PlanVersion.objects.get(pk=on_agenda.version_id)
    assert version.status == S.DRAFT
    assert PlanApproval.objects.get(pk=on_agenda.pk).outcome == "rejected"
    assert "No CAMHS plan" in PlanTransition.objects.filter(version=version).last().comment


def test_only_those_recording_the_boards_decisions_decide(client, on_agenda, contacts, other_officer, board_setup,
                                                          law_area):
    """The clerking officer or a seated member records it; a partner contact or another area's officer cannot."""
    mark_present(board_setup["meeting"], board_setup["seats"])
    contact = next(iter(contacts.values()))
    for outsider in (contact, other_officer):
        with pytest.raises(NotPermitted):
            services.plan_board_decide(approval=on_agenda, actor=outsider, decision="approve")
    client.force_login(other_officer)
    url = reverse("plans:approval-decide", kwargs={"la_code": law_area.la_code, "approval": on_agenda.pk})
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert PlanVersion.objects.get(pk=on_agenda.version_id).status == S.APPROVAL
    assert not Decision.objects.exists()


def test_decision_page_for_board_member(client, on_agenda, board_member, board_setup, law_area):
    client.force_login(board_member)
    url = reverse("plans:approval-decide", kwargs={"la_code": law_area.la_code, "approval": on_agenda.pk})
    html = client.post(url, {"decision": "approve"}).content.decode()
    assert "not quorate" in html and "govuk-error-summary" in html
    mark_present(board_setup["meeting"], board_setup["seats"])
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert PlanVersion.objects.get(pk=on_agenda.version_id).status == S.PUBLISHED


def test_home_panel_lists_pending_approvals_for_seat_holders(client, on_agenda, board_member, board_setup):
    assert [a.pk for a in selectors.pending_approval_list(user=board_member)] == [on_agenda.pk]
    from django.template.loader import render_to_string

    html = render_to_string("plans/home_panel.html", {"user": board_member})
    assert "Plans waiting for the board" in html and f"version {on_agenda.version.number}<" in html
    other = board_setup["seats"][1].person
    board_setup["seats"][1].term_end = timezone.localdate() - datetime.timedelta(days=1)
    board_setup["seats"][1].term_start = timezone.localdate() - datetime.timedelta(days=30)
    board_setup["seats"][1].save()
    assert selectors.pending_approval_list(user=other) == []


def test_carried_decision_recorded_on_the_meeting_page_approves(client, on_agenda, officer, board_setup):
    """The issue's case: the clerk records "approve version N" as carried at a quorate meeting."""
    mark_present(board_setup["meeting"], board_setup["seats"])
    client.force_login(officer)
    url = reverse("boards:decision-create", kwargs={"item": on_agenda.agenda_item_id})
    response = client.post(url, {"resolution": f"Approve version {on_agenda.version.number}", "outcome": "carried"})
    assert response.status_code == 302
    version = PlanVersion.objects.get(pk=on_agenda.version_id)
    assert version.status == S.PUBLISHED
    approval = PlanApproval.objects.get(pk=on_agenda.pk)
    assert approval.outcome == "approved" and approval.decision == Decision.objects.get()
    assert approval.decided_by == officer


def test_not_carried_returns_to_draft_and_deferred_waits(on_agenda, officer, board_setup):
    from boards import services as board_services

    mark_present(board_setup["meeting"], board_setup["seats"])
    board_services.decision_record(item=on_agenda.agenda_item, actor=officer, resolution="Deferred to March",
                                   outcome="deferred")
    assert PlanVersion.objects.get(pk=on_agenda.version_id).status == S.APPROVAL
    assert PlanApproval.objects.get(pk=on_agenda.pk).outcome == "pending"
    board_services.decision_record(item=on_agenda.agenda_item, actor=officer, resolution="Needs a CAMHS plan",
                                   outcome="not_carried")
    version = PlanVersion.objects.get(pk=on_agenda.version_id)
    assert version.status == S.DRAFT
    assert "Needs a CAMHS plan" in PlanTransition.objects.filter(version=version).last().comment


def test_decision_on_a_moved_item_is_refused_and_nothing_saved(on_agenda, officer, board_setup, law_area):
    from boards import services as board_services
    from boards.tests.factories import MeetingFactory

    later = MeetingFactory(board=board_setup["meeting"].board, date=timezone.localdate() + datetime.timedelta(days=30))
    services.plan_board_submit(version=on_agenda.version, meeting=later, actor=officer)
    mark_present(board_setup["meeting"], board_setup["seats"])
    with pytest.raises(TransitionError, match="was moved to the meeting on"):
        board_services.decision_record(item=on_agenda.agenda_item, actor=officer, resolution="Approve",
                                       outcome="carried")
    assert not Decision.objects.exists()
    assert PlanVersion.objects.get(pk=on_agenda.version_id).status == S.APPROVAL


def test_nothing_but_a_decision_approves(on_agenda, board_member, board_setup):
    """The signal sent after commit (notifications) changes no plan: only the recorded decision does."""
    decision = Decision.objects.create(item=on_agenda.agenda_item, resolution="Approved", outcome="carried",
                                       present_voting=2, quorum_required=1, recorded_by=board_member)
    decision_recorded.send(sender=Decision, decision=decision)
    assert PlanVersion.objects.get(pk=on_agenda.version_id).status == S.APPROVAL
