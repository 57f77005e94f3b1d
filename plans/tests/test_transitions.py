import pytest

from plans import services
from plans.models import Action, Consultee, PlanTransition, PlanVersion, Priority
from plans.tests.factories import PlanVersionFactory, complete_plan
from trusts.errors import NotPermitted, StaleEdit, TransitionError

S = PlanVersion.Status


def test_plan_version_create_first_draft_is_audited(officer, area):
    version = services.plan_version_create(area=area, actor=officer)
    assert (version.number, version.status) == (1, S.DRAFT)
    row = PlanTransition.objects.get(version=version)
    assert (row.from_status, row.to_status, row.actor) == ("", S.DRAFT, officer)


def test_plan_version_create_refused_while_one_is_open(officer, area):
    services.plan_version_create(area=area, actor=officer)
    with pytest.raises(TransitionError, match="Version 1 is already being worked on"):
        services.plan_version_create(area=area, actor=officer)


def test_consultation_and_back_to_draft_are_allowed_and_audited(officer, area):
    version = services.plan_version_create(area=area, actor=officer)
    services.plan_consultation_start(version=version, actor=officer, comment="Out to consult")
    services.plan_return_to_draft(version=version, actor=officer)
    moves = list(PlanTransition.objects.filter(version=version).values_list("from_status", "to_status", "comment"))
    assert moves[1:] == [(S.DRAFT, S.CONSULTATION, "Out to consult"), (S.CONSULTATION, S.DRAFT, "Taken back to draft")]
    version.refresh_from_db()
    assert version.status == S.DRAFT


def test_draft_cannot_go_straight_to_agreement(officer, law_area, relevant_partners):
    version = complete_plan(law_area)
    with pytest.raises(TransitionError, match="Send the draft out for consultation first"):
        services.plan_agreement_start(version=version, actor=officer)


def test_published_version_refuses_every_move_with_reason(officer, area):
    version = PlanVersionFactory(area=area, status=S.PUBLISHED, published_on="2010-03-01")
    with pytest.raises(TransitionError, match="is published. It cannot change status: start a new"):
        services.plan_consultation_start(version=version, actor=officer)
    with pytest.raises(TransitionError, match="is published"):
        services.plan_return_to_draft(version=version, actor=officer)


def test_approval_goes_back_to_draft_only_by_board_rejection(officer, area):
    version = PlanVersionFactory(area=area, status=S.APPROVAL)
    with pytest.raises(TransitionError, match="goes back to draft only if the board rejects it"):
        services.plan_return_to_draft(version=version, actor=officer)


def test_withdrawing_from_agreement_needs_a_reason(officer, area):
    version = PlanVersionFactory(area=area, status=S.AGREEMENT, agreement_round=1)
    with pytest.raises(TransitionError, match="Enter why"):
        services.plan_return_to_draft(version=version, actor=officer)
    services.plan_return_to_draft(version=version, actor=officer, comment="Police asked for more time")
    assert PlanVersion.objects.get(pk=version.pk).status == S.DRAFT


def test_other_area_officer_cannot_move_the_plan(other_officer, area):
    version = PlanVersionFactory(area=area)
    with pytest.raises(NotPermitted):
        services.plan_consultation_start(version=version, actor=other_officer)
    assert PlanVersion.objects.get(pk=version.pk).status == S.DRAFT


def test_locked_version_refuses_edits_and_new_version_is_a_deep_copy(officer, law_area, relevant_partners):
    published = complete_plan(law_area, actions_per_outcome=2, status=S.PUBLISHED, published_on="2010-03-01")
    with pytest.raises(TransitionError, match="locked. Start a new version"):
        services.plan_content_update(version=published, actor=officer, lock_version=published.lock_version,
                                     title="Changed")
    draft = services.plan_version_create(area=law_area, actor=officer)
    assert (draft.number, draft.based_on_id, draft.status) == (published.number + 1, published.pk, S.DRAFT)
    assert draft.needs_assessment == published.needs_assessment
    assert Priority.objects.filter(version=draft).count() == 5
    assert Action.objects.filter(priority__version=draft).count() == 10
    assert Consultee.objects.filter(version=draft).count() == Consultee.objects.filter(version=published).count()
    # the copy is independent: changing it leaves the published version as it was
    services.plan_content_update(version=draft, actor=officer, lock_version=draft.lock_version, title="Plan 2")
    Action.objects.filter(priority__version=draft).delete()
    assert Action.objects.filter(priority__version=published).count() == 10
    assert PlanVersion.objects.get(pk=published.pk).title != "Plan 2"


def test_stale_edit_is_refused_not_lost(officer, area):
    from trusts.tests.factories import OfficerFactory

    colleague = OfficerFactory(area=area, full_name="Colin Colleague")
    version = services.plan_version_create(area=area, actor=officer)
    opened = version.lock_version
    services.plan_content_update(version=version, actor=colleague, lock_version=opened, needs_assessment="Colin's")
    with pytest.raises(StaleEdit, match="Colin Colleague changed version 1"):
        services.plan_content_update(version=version, actor=officer, lock_version=opened, needs_assessment="Olive's")
    assert PlanVersion.objects.get(pk=version.pk).needs_assessment == "Colin's"
