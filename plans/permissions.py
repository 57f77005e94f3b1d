"""Who may do what to the plan: the plans app's one permission policy.

Views ask it what to show and whether to allow; the services in ``plans.services`` ask
it again where each write happens, so a route that forgets is still safe.

* Officers of the area change the plan: drafts, content, status moves, the board
  agenda, annual reviews, settings. They see every version of their area's plan.
* Board members see only what is put to the board: a version awaiting the board's
  approval, and the published (and superseded) ones. Never a draft, nor a version in
  consultation or with partners to agree (unless they are also an officer there).
  They record the board's decision only with a seat on the board on the day of the
  meeting (the service then asks for a quorate meeting, a pending item...).
* Officers of the area also record a partner's answer that came by letter, e-mail or at a
  meeting (it is the partner's answer; the partner's own later answer replaces it), and chase
  the outstanding partners.
* Partner contacts answer only their own organisation's agreement requests, and see
  the published plan and the versions their organisation is asked to agree while those
  are with partners or the board (a version back in draft is the officers' again).
* The holder of a current board seat that represents partners (by name or by group,
  Children Act 2004 s12A(5)) reads a version while it is with partners, and answers for
  the represented partners that have not answered themselves (``answer_for_represented``).
* The letter or e-mail behind an answer an officer recorded is downloaded by the area's
  officers and board members only.
* Stewards see every version and change none: the plan is the area's business.
* Published versions are public anyway (``plans:public``, the API).

A user who may not know a record exists gets a 404: another area's plan, and an
agreement request that is not their organisation's (its id must not tell anyone which
partner it is for). Something they can see but not do is a 403 that says who may.
"""
from typing import NamedTuple

from django.db.models import Q

from plans.models import (
    AgreementRequest,
    AgreementResponse,
    PlanApproval,
    PlanReview,
    PlanVersion,
)
from trusts.models import Area, User
from trusts.permissions import (
    Policy,
    area_ids,
    can_see_area,
    is_active,
    is_area_officer,
    is_steward,
    officer_area_ids,
)

S = PlanVersion.Status

# What a board seat shows of the plan: the versions put to the board, and the published ones.
BOARD_STATUSES = (S.APPROVAL, S.PUBLISHED, S.SUPERSEDED)
PUBLIC_STATUSES = (S.PUBLISHED, S.SUPERSEDED)
# A partner sees a version it was asked to agree while it is with partners or the board.
ASKED_STATUSES = (S.AGREEMENT, S.APPROVAL)


def partner_ids_for_contact(user):
    """The partners the user is a contact of, in areas they still belong to (cached on the user)."""
    if not is_active(user):
        return frozenset()
    cached = getattr(user, "_plans_partner_ids", None)
    if cached is None:
        from partners.models import PartnerContact

        cached = user._plans_partner_ids = frozenset(
            PartnerContact.objects.filter(user=user, partner__area_id__in=area_ids(user))
            .values_list("partner_id", flat=True))
    return cached


class SeatForVersion(NamedTuple):
    """A board seat answering for the partners it represents on one version."""

    seat: object
    version: PlanVersion

    @property
    def area_id(self):
        return self.version.area_id


def _seat_area_ids(user):
    from plans.representation import seat_area_ids

    return seat_area_ids(user)


def _area_pk(obj):
    if isinstance(obj, Area):
        return obj.pk
    if isinstance(obj, int):
        return obj
    return getattr(obj, "area_id", None)


class PlanPolicy(Policy):
    refusals = {
        "view_version": "Only the area's council officers see a version of the plan before it goes to the board. "
                        "Board members see the versions put to the board, and partners the versions they are "
                        "asked to agree.",
        "change_plan": "Only the area's council officers change the plan",
        "answer_agreement": "Only a contact of the partner organisation records its agreement to the plan",
        "record_agreement": "Only the area's council officers record an answer a partner sent by letter, e-mail or "
                            "at a meeting",
        "decide_approval": "Only council officers of the board's areas, or a member of the board with a seat on "
                           "the day of the meeting, record the board's decision on the plan",
        "answer_for_represented": "Only the person holding this board seat, during its term, answers for the "
                                  "partners it represents",
        "download_answer_document": "Only the area's council officers and board members see the letter or "
                                    "e-mail behind a partner's answer",
    }

    # -- what the user may see ------------------------------------------------------------
    def visible(self, user):
        """The plan versions the user may open (a queryset)."""
        if is_steward(user):
            return PlanVersion.objects.all()
        if not is_active(user):
            return PlanVersion.objects.none()
        rule = Q(area_id__in=officer_area_ids(user))
        rule |= Q(area_id__in=area_ids(user, User.Role.BOARD_MEMBER), status__in=BOARD_STATUSES)
        contact_areas = area_ids(user, User.Role.PARTNER_CONTACT)
        if contact_areas:
            rule |= Q(area_id__in=contact_areas, status__in=PUBLIC_STATUSES)
            asked = AgreementRequest.objects.filter(partner_id__in=partner_ids_for_contact(user)).values("version_id")
            rule |= Q(area_id__in=contact_areas, status__in=ASKED_STATUSES, pk__in=asked)
        seat_areas = _seat_area_ids(user)
        if seat_areas:
            rule |= Q(area_id__in=seat_areas, status__in=ASKED_STATUSES)
        return PlanVersion.objects.filter(rule)

    def area_of(self, obj):
        if isinstance(obj, (PlanReview, PlanApproval)):
            return obj.version.area_id
        if isinstance(obj, AgreementRequest):
            return obj.version.area_id
        if isinstance(obj, AgreementResponse):
            return obj.request.version.area_id
        return _area_pk(obj)

    def can_see(self, user, obj):
        if isinstance(obj, AgreementRequest):
            # the request names its partner: only the area's officers, stewards and the
            # partner's own contacts may know it exists
            return (is_steward(user) or is_area_officer(user, obj.version.area_id)
                    or obj.partner_id in partner_ids_for_contact(user))
        if isinstance(obj, AgreementResponse):
            return self.can_download_answer_document(user, obj) or self.can_see(user, obj.request)
        return super().can_see(user, obj)

    def can_view_plan(self, user, area):
        """The area's plan page (the overview lists only the versions the user may open)."""
        return can_see_area(user, _area_pk(area))

    def can_view_version(self, user, version):
        if is_steward(user) or is_area_officer(user, version.area_id):
            return True
        if not can_see_area(user, version.area_id):
            return False
        if version.status in BOARD_STATUSES and version.area_id in area_ids(user, User.Role.BOARD_MEMBER):
            return True
        if version.status in ASKED_STATUSES and version.area_id in _seat_area_ids(user):
            return True  # a representative reads what it answers for
        if version.area_id in area_ids(user, User.Role.PARTNER_CONTACT):
            if version.status in PUBLIC_STATUSES:
                return True
            if version.status in ASKED_STATUSES:
                mine = partner_ids_for_contact(user)
                return bool(mine) and AgreementRequest.objects.filter(version=version, partner_id__in=mine).exists()
        return False

    def can_view_review(self, user, review):
        return self.can_view_version(user, review.version)

    # -- what the user may do -------------------------------------------------------------
    def can_change_plan(self, user, obj):
        """Anything that changes the area's plan (``obj``: the area, a version, or a review)."""
        if isinstance(obj, PlanReview):
            obj = obj.version
        return is_area_officer(user, _area_pk(obj))

    def can_answer_agreement(self, user, request):
        return request.partner_id in partner_ids_for_contact(user)

    def can_record_agreement(self, user, request):
        """An answer received outside the service (letter, e-mail, a meeting): the area's officers."""
        return is_area_officer(user, request.version.area_id)

    def can_answer_for_represented(self, user, obj):
        """``obj``: a SeatForVersion. The seat's holder, in term today, on a board of the version's area."""
        seat, version = obj
        return (is_active(user) and seat.person_id == user.pk and seat.is_current()
                and version.area_id in seat.board.area_ids())

    def can_download_answer_document(self, user, response):
        area = response.request.version.area_id
        return is_area_officer(user, area) or area in area_ids(user, User.Role.BOARD_MEMBER)

    def can_decide_approval(self, user, approval):
        """Whoever records the board's decisions on the approval's agenda item (the boards policy:
        the officers clerking the board, or a member seated on the day of the meeting)."""
        if approval.agenda_item_id is None:
            return False
        from boards.permissions import policy as board_policy

        return board_policy.can(user, "record_decision", approval.agenda_item)


policy = PlanPolicy()
