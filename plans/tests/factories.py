import secrets
from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from partners.models import Partner, PartnerContact
from plans.models import (
    Action,
    AgreementRequest,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanReview,
    PlanVersion,
    Priority,
)
from pooling.models import Outcome, ServiceArea
from trusts.models import Membership, User
from trusts.tests.factories import AreaFactory, UserFactory
from trusts.tests.factories import date_input as _date


def _partner(area, org_type="pct", name=None):
    return Partner.objects.create(area=area, org_type=org_type, name=name or f"Partner {secrets.token_hex(3)}")


class PlanVersionFactory(DjangoModelFactory):
    class Meta:
        model = PlanVersion

    area = factory.SubFactory(AreaFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"{o.area.name} Children and Young People's Plan")
    status = PlanVersion.Status.DRAFT


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    version = factory.SubFactory(PlanVersionFactory)
    outcome = Outcome.BE_HEALTHY
    title = factory.Sequence(lambda n: f"Priority {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    due_by = date(2011, 3, 31)
    measure = "Measured by the annual survey"


class GapActionFactory(DjangoModelFactory):
    class Meta:
        model = GapAction

    version = factory.SubFactory(PlanVersionFactory)
    gap = "Too few places for children with complex needs"
    description = "Commission 20 more short-break places"
    due_by = date(2011, 3, 31)


class ConsulteeFactory(DjangoModelFactory):
    class Meta:
        model = Consultee

    version = factory.SubFactory(PlanVersionFactory)
    kind = Consultee.Kind.GROUP
    group = Consultee.Group.CHILDREN
    consulted_from = date(2009, 9, 1)
    method = "Workshops in schools"


class PartnerSpendFactory(DjangoModelFactory):
    class Meta:
        model = PartnerSpend

    version = factory.SubFactory(PlanVersionFactory)
    partner = factory.LazyAttribute(lambda o: _partner(o.version.area))
    financial_year = 2009
    spend_area = ServiceArea.CHILD_HEALTH
    amount = Decimal("125000.00")


class AgreementRequestFactory(DjangoModelFactory):
    class Meta:
        model = AgreementRequest

    version = factory.SubFactory(PlanVersionFactory, status=PlanVersion.Status.AGREEMENT, agreement_round=1)
    partner = factory.LazyAttribute(lambda o: _partner(o.version.area))
    round = factory.LazyAttribute(lambda o: o.version.agreement_round or 1)
    nonce = factory.LazyFunction(lambda: secrets.token_hex(16))


class PlanReviewFactory(DjangoModelFactory):
    class Meta:
        model = PlanReview

    version = factory.SubFactory(PlanVersionFactory, status=PlanVersion.Status.PUBLISHED,
                                 published_on=date(2010, 3, 1), review_due_on=date(2011, 3, 1))
    due_on = factory.LazyAttribute(lambda o: o.version.review_due_on or date(2011, 3, 1))
    reviewed_on = date(2011, 2, 1)
    needs_assessment_update = "Needs have changed little."


def complete_plan(area, *, actions_per_outcome=1, partners=None, status=PlanVersion.Status.DRAFT, number=None,
                  **fields):
    """A version that passes the completeness check for the area's register as it is.

    It states its period; every relevant partner type in the register is consulted as a type
    (so every relevant partner of the type is covered); every partner responsible for an
    action has a spend row."""
    defaults = dict(
        period_start=date(2010, 4, 1),
        period_end=date(2013, 3, 31),
        needs_assessment="Child poverty is rising in the north of the area.",
        early_universal="Children's centres and extended schools identify needs early.",
        early_targeted="Family intervention projects for families with complex needs.",
        early_partner_roles="Health visitors, schools and children's centres use the CAF.",
        early_workforce="Train 200 front-line staff in the Common Assessment Framework.",
        commissioning="A joint commissioning unit with the PCT commissions CAMHS and short breaks.",
        scs_link="The plan delivers the 'Healthy communities' theme of the Sustainable Community Strategy.",
        laa_link="Informs the LAA targets NI 110, NI 111 and NI 117.",
    )
    defaults.update(fields)
    extra = {"number": number} if number else {}
    version = PlanVersionFactory(area=area, status=status, **extra, **defaults)
    fill_plan(version, partners=partners, actions_per_outcome=actions_per_outcome, text=False)
    return version


def fill_plan(version, *, partners=None, actions_per_outcome=1, text=True):
    """Add to a version what the completeness check asks for (outcomes, gaps, consulted, spend)."""
    from plans.completeness import relevant_types

    area = version.area
    if partners is None:
        partners = list(Partner.objects.relevant(area)) or [_partner(area, "pct", "NHS Northshire PCT")]
    lead = partners[0]
    if text:
        for name, value in dict(
            needs_assessment="Child poverty is rising in the north of the area.",
            early_universal="Children's centres and extended schools identify needs early.",
            early_targeted="Family intervention projects for families with complex needs.",
            early_partner_roles="Health visitors, schools and children's centres use the CAF.",
            early_workforce="Train 200 front-line staff in the Common Assessment Framework.",
            commissioning="A joint commissioning unit with the PCT commissions CAMHS and short breaks.",
            scs_link="The plan delivers the 'Healthy communities' theme of the Sustainable Community Strategy.",
            laa_link="Informs the LAA targets NI 110, NI 111 and NI 117.",
            period_start=date(2010, 4, 1),
            period_end=date(2013, 3, 31),
        ).items():
            if not getattr(version, name):
                setattr(version, name, value)
        version.save()
    actions = []
    for outcome in Outcome:
        priority = Priority.objects.create(version=version, outcome=outcome.value, title=f"{outcome.label} priority")
        actions.extend(Action(priority=priority, description=f"{outcome.label} action {i + 1}",
                              responsible_partner=lead, due_by=date(2011, 3, 31), measure="NI indicator",
                              position=i) for i in range(actions_per_outcome))
    Action.objects.bulk_create(actions)
    GapAction.objects.create(version=version, gap="No out-of-hours CAMHS", description="Commission out-of-hours CAMHS",
                             responsible_partner=lead, due_by=date(2011, 3, 31))
    types = relevant_types(area)
    consultees = []
    # the lead partner is consulted directly; every relevant type as a type (which covers
    # every relevant partner of it, para 36 item 4)
    if lead.org_type in types:
        consultees.append(Consultee(version=version, kind=Consultee.Kind.PARTNER, partner=lead,
                                    consulted_from=date(2009, 9, 1), method="Partnership workshop"))
    for org_type in types:
        consultees.append(Consultee(version=version, kind=Consultee.Kind.PARTNER_TYPE, org_type=org_type,
                                    consulted_from=date(2009, 9, 1), method="Letter and questionnaire"))
    for group in Consultee.Group:
        consultees.append(Consultee(version=version, kind=Consultee.Kind.GROUP, group=group.value,
                                    consulted_from=date(2009, 9, 1), method="Survey and focus groups"))
    Consultee.objects.bulk_create(consultees)
    # a spend row for each partner responsible for an action or a key action (para 36 item 7)
    responsible = {lead.pk} | set(
        Action.objects.filter(priority__version=version, responsible_partner__isnull=False)
        .values_list("responsible_partner_id", flat=True)) | set(
        GapAction.objects.filter(version=version, responsible_partner__isnull=False)
        .values_list("responsible_partner_id", flat=True))
    have = set(PartnerSpend.objects.filter(version=version, financial_year=2009, spend_area=ServiceArea.CHILD_HEALTH)
               .values_list("partner_id", flat=True))
    for pk in sorted(responsible - have):
        PartnerSpend.objects.create(version=version, partner_id=pk, financial_year=2009,
                                    spend_area=ServiceArea.CHILD_HEALTH,
                                    amount=Decimal("250000.00") if pk == lead.pk else Decimal("40000.00"))
    return version


MINIMAL_LETTER = b"From: head@school.example.org\nSubject: The plan\n\nThe governing body agrees the plan.\n"


def answer_with_document(version, *, partner=None, actor=None, content=MINIMAL_LETTER, extension="eml"):
    """An answer an officer recorded, with the partner's e-mail attached (stored through Django storage)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from plans.models import AgreementResponse

    request = AgreementRequestFactory(version=version, partner=partner or _partner(version.area))
    response = AgreementResponse(
        request=request, decision="agree", via="officer", actor=actor, received_on=timezone.localdate(),
        channel="email", document_name=f"letter.{extension}", document_size=len(content),
        document_type={"eml": "message/rfc822", "pdf": "application/pdf"}.get(extension, "text/plain"))
    response.document.save(f"answer.{extension}", ContentFile(content), save=False)
    response.save()
    return response


def make_contact(partner, email):
    """A partner contact of ``partner`` (a user with a membership of its area) at ``email``."""
    user = UserFactory(role=User.Role.PARTNER_CONTACT, email=email, full_name=f"Contact of {partner.name}")
    Membership.objects.get_or_create(user=user, area=partner.area, role=User.Role.PARTNER_CONTACT)
    PartnerContact.objects.create(partner=partner, user=user)
    return user


def mark_present(meeting, seats):
    """Record the holders of ``seats`` present at ``meeting``."""
    from boards.tests.factories import AttendanceFactory

    for seat in seats:
        AttendanceFactory(meeting=meeting, seat=seat)


def _approval(objs):
    """A version on the agenda of the area's board meeting today, waiting for the decision."""
    from django.utils import timezone

    from boards.tests.factories import AgendaItemFactory, MeetingFactory
    from plans.models import PlanApproval

    meeting = MeetingFactory(board__area=objs.area, date=timezone.localdate())
    item = AgendaItemFactory(meeting=meeting, kind="plan_approval", title="Approve the plan")
    version = PlanVersionFactory(area=objs.area, status=PlanVersion.Status.APPROVAL)
    return PlanApproval.objects.create(version=version, meeting=meeting, agenda_item=item)


URL_KWARGS = {
    "approval": _approval,
    "version": lambda objs: PlanVersionFactory(area=objs.area),
    "priority": lambda objs: PriorityFactory(version=objs["version"]),
    "action": lambda objs: ActionFactory(priority=objs["priority"]),
    "gap": lambda objs: GapActionFactory(version=objs["version"]),
    "consultee": lambda objs: ConsulteeFactory(version=objs["version"]),
    "spend": lambda objs: PartnerSpendFactory(version=objs["version"]),
    "agreement": lambda objs: AgreementRequestFactory(version=PlanVersionFactory(
        area=objs.area, status=PlanVersion.Status.AGREEMENT, agreement_round=1)),
    "answer": lambda objs: answer_with_document(PlanVersionFactory(
        area=objs.area, status=PlanVersion.Status.AGREEMENT, agreement_round=1)),
    "review": lambda objs: PlanReviewFactory(version=PlanVersionFactory(
        area=objs.area, status=PlanVersion.Status.PUBLISHED, published_on=date(2010, 3, 1),
        review_due_on=date(2011, 3, 1))),
}
PUBLIC_URLS = {"plans:public", "plans:public-pdf", "plans:agreement-answer"}
URL_KWARG_VALUES = {"answer_token": "not-a-valid-token", "section": "details"}


# ---------------------------------------------------------------------------
# The write matrix (tests/test_write_matrix.py): every plans route that accepts a POST.
# Changing the plan is the area's officers' work; a partner contact answers for their own
# organisation; a board member with a seat on the day records the board's decision.
# ---------------------------------------------------------------------------
def _lock(objs):
    return {"lock_version": PlanVersion.objects.get(pk=objs["version"].pk).lock_version}


def _area_partner(objs):
    return _partner(objs.area, "pct", f"Matrix PCT {secrets.token_hex(2)}")


def _action_payload(objs, user):
    return {"description": "Open a crisis team", "responsible_partner": _area_partner(objs).pk,
            **_date("due_by", date(2011, 3, 31)), "measure": "NI 64", **_lock(objs)}


def _gap_payload(objs, user):
    return {"gap": "No out-of-hours CAMHS", "description": "Commission out-of-hours CAMHS",
            "responsible_partner": _area_partner(objs).pk, **_date("due_by", date(2011, 3, 31)), **_lock(objs)}


def _consultee_payload(objs, user):
    return {"kind": Consultee.Kind.GROUP, "group": Consultee.Group.YOUNG_PEOPLE, "detail": "Youth parliament",
            **_date("consulted_from", date(2009, 10, 1)), "method": "Two workshops", **_lock(objs)}


def _spend_payload(objs, user):
    return {"partner": _area_partner(objs).pk, "financial_year": 2010, "spend_area": ServiceArea.CHILD_HEALTH,
            "amount": "99000.00", **_lock(objs)}


def _board_submit_payload(objs, user):
    """The version is on the board's agenda already (awaiting approval): move it to another meeting."""
    from boards.tests.factories import BoardFactory, MeetingFactory

    PlanVersion.objects.filter(pk=objs["version"].pk).update(status=PlanVersion.Status.APPROVAL)
    board = BoardFactory(area=objs.area)
    return {"meeting": MeetingFactory(board=board).pk}


def _review_add_payload(objs, user):
    from pooling.models import Outcome

    PlanVersion.objects.filter(pk=objs["version"].pk).update(
        status=PlanVersion.Status.PUBLISHED, published_on=date(2010, 3, 1), review_due_on=date(2011, 3, 1))
    return {**_date("reviewed_on", date(2011, 2, 1)), "needs_assessment_update": "Needs have changed little.",
            **{f"progress_{o.value}": "On track" for o in Outcome}}


def _contact_of_agreement_partner(objs):
    from partners.tests.factories import PartnerContactFactory

    return PartnerContactFactory(partner=objs["agreement"].partner).user


def _seated_board_member(objs):
    """A member with a voting seat on the board of the approval's meeting, recorded present (quorate)."""
    from boards.tests.factories import AttendanceFactory, BoardMemberFactory, SeatFactory

    approval = objs["approval"]
    member = BoardMemberFactory(area=objs.area)
    seat = SeatFactory(board=approval.meeting.board, person=member)
    AttendanceFactory(meeting=approval.meeting, seat=seat)
    return member


def _approve_payload(objs, user):
    """Approve, at a quorate meeting (a seated member present, whoever records the decision)."""
    from boards.models import Attendance

    if not Attendance.objects.filter(meeting=objs["approval"].meeting, status="present").exists():
        _seated_board_member(objs)
    return {"decision": "approve"}


def _chase_payload(objs, user):
    """The version waits for partners: one partner, reached at its lead contact's address, has not agreed."""
    PlanVersion.objects.filter(pk=objs["version"].pk).update(
        status=PlanVersion.Status.AGREEMENT, agreement_round=1, agreement_due_on=date(2030, 1, 31))
    partner = Partner.objects.create(area=objs.area, org_type="pct", name=f"Chased PCT {secrets.token_hex(2)}",
                                     lead_contact_email="lead@chased-pct.example.org")
    AgreementRequestFactory(version=PlanVersion.objects.get(pk=objs["version"].pk), partner=partner, round=1)
    return {}


def _record_payload(objs, user):
    from django.utils import timezone

    return {"decision": "agree", **_date("received_on", timezone.localdate()), "channel": "letter",
            "note": "Letter signed by the chief executive"}


def _seat_holder(objs):
    """The person holding the URL's seat (a current seat on the area's board), a board member of the area."""
    from trusts.models import Membership

    person = objs["seat"].person
    Membership.objects.get_or_create(user=person, area=objs.area, role=User.Role.BOARD_MEMBER)
    return person


def _represent_payload(objs, user):
    """The version waits for partners; the seat represents the academies group, one of which is asked."""
    from boards.models import Seat

    PlanVersion.objects.filter(pk=objs["version"].pk).update(
        status=PlanVersion.Status.AGREEMENT, agreement_round=1, agreement_due_on=date(2030, 1, 31))
    Seat.objects.filter(pk=objs["seat"].pk).update(represented_groups=["academies"])
    academy = _partner(objs.area, "academy", f"Matrix Academy {secrets.token_hex(2)}")
    AgreementRequestFactory(version=PlanVersion.objects.get(pk=objs["version"].pk), partner=academy, round=1)
    return {"decision": "agree"}


def _write_routes():
    from trusts.tests.factories import NOT_FOUND, WRITE_ROLES, Write

    edits = {
        "plans:section-edit": lambda objs, user: {"title": "Our plan for children", **_date("period_start", date(2010, 4, 1)),
                                                  **_lock(objs)},
        "plans:priority-add": lambda objs, user: {"outcome": Outcome.STAY_SAFE, "title": "Fewer children in care",
                                                  **_lock(objs)},
        "plans:priority-edit": lambda objs, user: {"outcome": Outcome.STAY_SAFE, "title": "Fewer children in care",
                                                   **_lock(objs)},
        "plans:action-add": _action_payload,
        "plans:action-edit": _action_payload,
        "plans:gap-add": _gap_payload,
        "plans:gap-edit": _gap_payload,
        "plans:consultee-add": _consultee_payload,
        "plans:consultee-edit": _consultee_payload,
        "plans:spend-add": _spend_payload,
        "plans:spend-edit": _spend_payload,
    }
    routes = {name: Write(ok={"officer"}, payload=payload) for name, payload in edits.items()}
    routes.update({
        "plans:version-create": Write(ok={"officer"}),
        "plans:settings": Write(ok={"officer"}, payload=lambda objs, user: {"review_interval_months": "6"}),
        "plans:version-status": Write(ok={"officer"}, payload=lambda objs, user: {"action": "consultation",
                                                                                   "comment": "Out to consult"}),
        "plans:board-submit": Write(ok={"officer"}, payload=_board_submit_payload),
        "plans:review-add": Write(ok={"officer"}, payload=_review_add_payload),
        "plans:review-detail": Write(ok={"officer"},
                                     payload=lambda objs, user: _date("noted_on", date(2011, 3, 1))),
        # only the contacts of the asked partner; anyone else may not know whose request it
        # is: a 404 for another area, a board member, another partner's contact
        "plans:agreement-respond": Write(
            ok={"partner_contact"}, users={"partner_contact": _contact_of_agreement_partner},
            expect={"board_member": NOT_FOUND},
            payload=lambda objs, user: {"decision": "agree"}),
        # an answer that came by letter, e-mail or at a meeting: the area's officers record it;
        # only they, stewards and the partner's contacts may know the request exists (else 404)
        "plans:agreement-record": Write(
            ok={"officer"}, payload=_record_payload,
            expect={"board_member": NOT_FOUND, "partner_contact": NOT_FOUND}),
        "plans:version-chase": Write(ok={"officer"}, payload=_chase_payload),
        # the holder of a current board seat answers for the partners it represents (s12A(5));
        # anyone else who may read the version is told who may (403)
        "plans:agreement-represent": Write(
            ok={"board_member"}, users={"board_member": _seat_holder}, payload=_represent_payload),
        # the board's decision, recorded as every decision is (boards' record_decision): by the
        # officer clerking the board or a member with a seat on the day of a quorate meeting
        "plans:approval-decide": Write(
            ok={"officer", "board_member"}, users={"board_member": _seated_board_member},
            payload=_approve_payload),
        # the signed link is the credential, and the matrix cannot build one into the URL:
        # with a bad link every role gets the 400 page and nothing changes
        # (test_agreement.py proves a good link records the answer once)
        "plans:agreement-answer": Write(ok=set(), expect={role: 400 for role in WRITE_ROLES}),
    })
    return routes


WRITE_ROUTES = _write_routes()
