"""The plans' share of the generated national data (see ``trusts.national_data``): each area's
Children and Young People's Plan in one of the journeys a real plan takes (a draft, out for
consultation, with the partners to agree, waiting for the board, published, superseded by
a new version), the first areas between them holding every state; the content (priorities
and actions by outcome, gaps, consultees, the spend statement), the agreement rounds (one
in seven with an objection), the board's approval items and decisions, the annual reviews,
the stewards' directions and the plans' reminders.

The rules are the apps' own: the relevant partners asked to agree are
``Partner.objects.relevant``; a version is approved only at a quorate meeting
(``boards.quorum``, through the boards' part) and its history says so in the words of
``plans.services.approved_comment``; the review falls due by ``plans.services.review_due``.
Kept here, as the services keep them one write at a time: one open and one published
version per area, and every version past draft complete as ``plans.completeness`` checks
it (its responsible partners in the spend statement): the tests run that check on every
generated version.
"""
import random
from collections import defaultdict
from datetime import date, timedelta

from django.urls import reverse

from boards.models import AgendaItem, Decision, Meeting
from boards.national_data import decide
from partners.models import Partner
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanApproval,
    PlanReview,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from plans.services import approved_comment, review_due
from pooling.models import Contribution, Outcome, ServiceArea
from pooling.years import fy_for
from trusts.models import Direction
from trusts.national_data import AppPart, at, money

VS = PlanVersion.Status

# ---------------------------------------------------------------------------
# Plan content banks: (priority, preferred partner type, action, measure)
# ---------------------------------------------------------------------------
PRIORITY_BANK = {
    Outcome.BE_HEALTHY: [
        ("Reduce childhood obesity", "pct", "Extend the healthy schools programme to every primary school",
         "NI 56: obesity among children in Year 6"),
        ("Improve emotional health and well-being", "pct",
         "Open a single point of access to CAMHS with a four-week wait", "NI 51: effectiveness of CAMHS"),
        ("Reduce teenage conceptions", "pct", "Sexual health drop-ins in every secondary school",
         "NI 112: under-18 conception rate"),
        ("Reduce substance misuse by young people", "yot", "Targeted drug and alcohol education for 13-17 year olds",
         "NI 115: substance misuse by young people"),
        ("Increase breastfeeding", "pct", "Baby-friendly accreditation for every children's centre",
         "NI 53: breastfeeding at 6-8 weeks"),
    ],
    Outcome.STAY_SAFE: [
        ("Fewer children need to come into care", "local_authority",
         "Family intervention projects in the localities with the highest need", "NI 59: initial assessments in 7 days"),
        ("Safer roads and streets", "chief_officer_police",
         "Neighbourhood policing teams meet every secondary school each term",
         "NI 48: children killed or seriously injured on the roads"),
        ("Reduce bullying", "local_authority", "Anti-bullying charter signed by every school",
         "NI 69: children who have experienced bullying"),
        ("Stable placements for looked-after children", "local_authority",
         "Recruit 40 more local foster carers", "NI 62: stability of placements"),
    ],
    Outcome.ENJOY_ACHIEVE: [
        ("Narrow the gap at Key Stage 2", "local_authority", "Every Child a Reader in the schools with the widest gap",
         "NI 102: attainment gap for pupils on free school meals"),
        ("Improve attendance at secondary school", "local_authority",
         "Attendance advisers in every secondary school with persistent absence above 8%",
         "NI 87: secondary persistent absence"),
        ("Better early years outcomes", "childrens_centre", "Free early education places for disadvantaged two year olds",
         "NI 72: Early Years Foundation Stage scores"),
        ("Raise achievement of looked-after children", "local_authority", "A virtual school head for looked-after children",
         "NI 99 and NI 100: looked-after children reaching level 4"),
    ],
    Outcome.POSITIVE_CONTRIBUTION: [
        ("Fewer young people enter the youth justice system", "yot",
         "Youth inclusion programmes in the five most affected neighbourhoods", "NI 111: first-time entrants"),
        ("More young people take part in positive activities", "vcs",
         "Open youth centres on Friday and Saturday evenings", "NI 110: young people's participation"),
        ("Children and young people shape services", "local_authority",
         "A youth council with a seat on every commissioning panel", "Young people's survey (TellUs)"),
    ],
    Outcome.ECONOMIC_WELLBEING: [
        ("More young people in education, employment or training", "connexions",
         "September Guarantee offer to every 16 and 17 year old", "NI 117: 16-18 year olds who are NEET"),
        ("Reduce child poverty", "jobcentre_plus", "Work-focused advice for parents in every children's centre",
         "NI 116: children in poverty"),
        ("More care leavers in suitable accommodation", "local_authority", "Supported lodgings scheme for care leavers",
         "NI 147: care leavers in suitable accommodation"),
    ],
}
GAP_BANK = [
    ("No out-of-hours CAMHS crisis service", "Commission an out-of-hours crisis service", "pct"),
    ("Too few short breaks for disabled children", "Double the short breaks offer with the voluntary sector",
     "local_authority"),
    ("No targeted youth support in rural areas", "Mobile youth provision in the market towns", "connexions"),
    ("Long waits for speech and language therapy", "Joint commissioning of speech and language therapy", "pct"),
    ("Young carers are not identified early", "A young carers' lead in every secondary school", "local_authority"),
    ("Gaps in support for young offenders leaving custody", "Resettlement panel with the probation service", "yot"),
]
REVIEW_PROGRESS = {
    Outcome.BE_HEALTHY: "Healthy schools status in {a} of {b} primary schools; CAMHS waits down to {c} weeks.",
    Outcome.STAY_SAFE: "Initial assessments within 7 days up to {a}%; {b} families in family intervention projects.",
    Outcome.ENJOY_ACHIEVE: "The free school meals gap at Key Stage 2 narrowed by {c} points; persistent absence {a} pupils fewer.",
    Outcome.POSITIVE_CONTRIBUTION: "First-time entrants to the youth justice system down {c}%; {b} young people in positive activities.",
    Outcome.ECONOMIC_WELLBEING: "16-18 year olds not in education, employment or training down to {c}.{a}%.",
}


class Part(AppPart):
    def make(self):
        self.relevant_ids = {}
        self.make_plans()

    def finish(self):
        """The approvals, once the boards have written the agenda items and decisions they
        point at; then the directions."""
        approvals = []
        for v in self.versions:
            for a in v.approvals_:
                a.decision = getattr(a, "decision_", None)
                approvals.append(a)
        self.insert(PlanApproval, approvals)
        self.make_directions()

    def remind(self):
        """The plans' reminders: reviews due and overdue, agreements outstanding and escalated."""
        steward = self.superuser

        def recipient_of(user):
            return (user.email, user.full_name, user)

        for v in self.versions:
            area = v.area
            officer = recipient_of(self.officers[area.pk])
            link = reverse("plans:version-detail", kwargs={"la_code": area.la_code, "version": v.number})
            if v.status == VS.PUBLISHED and v.review_due_on:
                due = v.review_due_on
                key = f"plan:{v.pk}:review:{due.isoformat()}"  # the keys and titles of plans/chasers.py
                self.fire("plan_review_due", due, [officer], key, area, link,
                          f"{area.name}: the annual review of the plan is due on {due:%-d %B %Y}")
                if due < self.today:
                    self.fire("plan_review_overdue", due,
                              [(area.director_email, area.director_name, None), recipient_of(steward)],
                              key, area, link,
                              f"Overdue: the annual review of the {area.name} plan was due on {due:%-d %B %Y}")
            if v.status == VS.AGREEMENT:
                current = [r for r in v.requests_ if r.round == v.agreement_round]
                waiting = [r for r in current if not r.latest_decision]
                asked = current[0].asked_at.date() if current else self.today
                for req in waiting:
                    people = [recipient_of(u) for u in self.contacts_by_partner.get(req.partner.pk, [])] or (
                        [(req.partner.lead_contact_email, req.partner.lead_contact_name, None)]
                        if req.partner.lead_contact_email else [])
                    answer = reverse("plans:agreement-respond", kwargs={"la_code": area.la_code, "agreement": req.pk})
                    self.fire("agreement_outstanding", asked, people, f"agreement:{req.pk}", area, answer,
                              f"{req.partner.name}: please agree the {area.name} Children and Young People's Plan")
                if waiting:
                    self.fire("agreement_escalation", asked, [officer],
                              f"plan:{v.pk}:agreements:{v.agreement_round}", area, link,
                              f"{area.name}: {len(waiting)} partner{'s have' if len(waiting) != 1 else ' has'} not "
                              f"agreed version {v.number} of the plan")

    SCENARIOS = {  # weights for areas after the first four (which between them hold every state)
        "pub": 24, "sup_pub": 18, "pub_draft": 12, "pub_cons": 8, "pub_agree": 10, "pub_appr": 6,
        "sup_pub_agree": 6, "draft": 7, "cons": 4, "agree": 5,
    }
    FIRST = ["sup_pub_agree", "pub_appr", "pub_cons", "draft"]

    def relevant(self, area):
        """The area's relevant partners today, as the plan's agreement round asks them
        (``Partner.objects.relevant``: the duty to cooperate under its framework), in register order."""
        if area.pk not in self.relevant_ids:
            self.relevant_ids[area.pk] = set(Partner.objects.relevant(area, self.today).values_list("pk", flat=True))
        ids = self.relevant_ids[area.pk]
        return [p for p in self.partners_by_area[area.pk] if p.pk in ids]

    def make_plans(self):
        rng = self.rng
        names, weights = zip(*self.SCENARIOS.items())
        self.versions = []
        # who contributes to each area's pooled funds: where there are any, they are the spend
        # statement (plans.spend), so a complete plan's responsible partners are among them
        self.pooled_by_area = defaultdict(set)
        for area_id, partner_id in (Contribution.objects.filter(fund__area__in=[t.pk for t in self.trusts])
                                     .order_by().values_list("fund__area_id", "partner_id").distinct()):
            self.pooled_by_area[area_id].add(partner_id)
        # the busiest area (the one manage.py bench measures) has every page to show: a published
        # plan with its predecessor and a new version out for agreement
        busiest = max(self.trusts, key=lambda t: len(self.partners_by_area[t.pk]))
        for i, area in enumerate(self.trusts):
            scenario = self.FIRST[i] if i < len(self.FIRST) else rng.choices(names, weights)[0]
            if area is busiest and i >= len(self.FIRST):
                scenario = "sup_pub_agree"
            self.plan_area(area, scenario, first=i == 0)
        # a version is based on the one before it: insert by number
        for number in (1, 2, 3):
            batch = [v for v in self.versions if v.number == number]
            for v in batch:
                v.based_on = getattr(v, "based_on_", None)
            self.insert(PlanVersion, batch)
        priorities, actions, gaps, consultees, spends, transitions, requests = [], [], [], [], [], [], []
        for v in self.versions:
            priorities += v.priorities_
            gaps += v.gaps_
            consultees += v.consultees_
            spends += v.spends_
            transitions += v.transitions_
            requests += v.requests_
        self.insert(Priority, priorities)
        for p in priorities:
            actions += p.actions_
        self.insert(Action, actions)
        self.insert(GapAction, gaps)
        self.insert(Consultee, consultees)
        self.insert(PartnerSpend, spends)
        self.insert(PlanTransition, transitions)
        self.insert(AgreementRequest, requests)
        self.insert(AgreementResponse, [r for req in requests for r in req.responses_])
        reviews = [r for v in self.versions for r in v.reviews_]
        self.insert(PlanReview, reviews)
        self.insert(ReviewProgress, [p for r in reviews for p in r.progress_])
        for v in self.versions:  # the approval items' reference names the version
            for approval in v.approvals_:
                approval.agenda_item.reference = f"plans.planversion:{v.pk}"

    def plan_area(self, area, scenario, first=False):
        """One area's versions. ``first``: the first area's first plan is reviewed (so every run has a review)."""
        rng = self.rng
        meetings = self.meetings[area.pk]
        held = [m for m in meetings if m.status == Meeting.Status.HELD and m.quorum_[0]]
        upcoming = [m for m in meetings if m.status == Meeting.Status.SCHEDULED]
        parts = scenario.split("_")
        n_pub = parts.count("pub") + parts.count("sup")
        if n_pub and not held:
            scenario, parts, n_pub = "draft", ["draft"], 0
        if "appr" in parts and not upcoming:
            parts[-1] = "agree"
        number, previous, last_pub = 0, None, None
        if n_pub == 2:
            early = [m for m in held if m.date <= self.today - timedelta(days=300)] or held[:1]
            one = held[0] if first else rng.choice(early[: max(1, len(early) // 2)])
            gap = 400 if first else 150
            later = [m for m in held if m.date >= one.date + timedelta(days=gap)
                     and (parts[-1] == "pub" or m.date <= self.today - timedelta(days=90))]
            if not later:
                n_pub, parts = 1, ["pub"] + parts[2:]
                approvals = [one]
            else:
                approvals = [one, rng.choice(later)]
        elif n_pub == 1:
            choices = held if parts[-1] == "pub" else [m for m in held if m.date <= self.today - timedelta(days=90)]
            approvals = [rng.choice(choices or held)]
        else:
            approvals = []
        start = self.today - timedelta(days=330) if not approvals else approvals[0].date - timedelta(days=330)
        for meeting in approvals:
            number += 1
            version = self.version(area, number, previous, start, meeting.date - timedelta(days=1), VS.PUBLISHED,
                                   meeting=meeting)
            if previous is not None:
                self.supersede(previous, version, force_review=first)
            previous, last_pub, start = version, version, meeting.date + timedelta(days=14)
        open_state = {"draft": VS.DRAFT, "cons": VS.CONSULTATION, "agree": VS.AGREEMENT,
                      "appr": VS.APPROVAL}.get(parts[-1])
        if open_state:
            number += 1
            self.version(area, number, previous, start, self.today - timedelta(days=1), open_state,
                         meeting=upcoming[0] if open_state == VS.APPROVAL else None)
        if last_pub is not None:
            self.reviews(area, last_pub)

    def version(self, area, number, previous, start, end, status, meeting=None):
        """A version and its history, with its timeline spread over [start, end]."""
        rng, officer = self.rng, self.officers[area.pk]
        complete = status not in (VS.DRAFT,) or rng.random() < 0.3
        if status == VS.DRAFT and previous is not None:
            complete = True  # a new draft is a copy of the published version
        when = [self.moment(start, end, f) for f in (0.0, 0.3, 0.55, 0.85)]
        fy = fy_for(end) + 1
        # a complete plan states its period (SI 2010/591 reg 3(2)); the draw is made either way so
        # the sequence (and every other value) is unchanged
        states_end = rng.random() < 0.3 or complete
        v = PlanVersion(area=area, number=number, status=status, created_by=officer,
                        title=f"{area.name} Children and Young People's Plan {fy}-{(fy + 3) % 100:02d}",
                        period_start=date(fy, 4, 1), period_end=date(fy + 3, 3, 31) if states_end else None,
                        created_at=at(when[0], 9, 30))
        v.based_on_ = previous
        v.priorities_, v.gaps_, v.consultees_, v.spends_, v.transitions_, v.requests_ = [], [], [], [], [], []
        v.reviews_, v.approvals_ = [], []
        self.content(v, area, complete, when[1])
        moves = [("", VS.DRAFT, when[0], officer,
                  f"New draft copied from version {previous.number}" if previous else "New plan started")]
        if status != VS.DRAFT:
            moves.append((VS.DRAFT, VS.CONSULTATION, when[1], officer, "Sent out for consultation"))
        relevant = self.relevant(area)
        if status in (VS.AGREEMENT, VS.APPROVAL, VS.PUBLISHED):
            asked = when[2]
            rounds = 2 if status != VS.AGREEMENT and rng.random() < 0.15 and len(relevant) > 1 else 1
            stop = when[3] if status != VS.AGREEMENT else self.today - timedelta(days=1)
            for round_ in range(1, rounds + 1):
                moves.append((VS.CONSULTATION if round_ == 1 else VS.DRAFT, VS.AGREEMENT, asked, officer,
                              f"Sent to {len(relevant)} relevant partners to agree (round {round_})"))
                final = round_ == rounds
                round_end = stop if final else self.moment(asked, stop, 0.5)
                objector = None if final else rng.choice(relevant)
                self.agreement(v, relevant, round_, asked, round_end, everyone=final and status != VS.AGREEMENT,
                               objector=objector, officer=officer)
                if objector is not None:
                    reasons = "The plan does not yet show our contribution to the early intervention locality teams."
                    moves.append((VS.AGREEMENT, VS.DRAFT, round_end,
                                  (self.contacts_by_partner.get(objector.pk) or [None])[0],
                                  f"Objection from {objector.name}: {reasons}"))
                    asked = self.moment(round_end, stop, 0.3)
            v.agreement_round = rounds
        if status in (VS.APPROVAL, VS.PUBLISHED):
            board = self.board_of[area.pk]
            moves.append((VS.AGREEMENT, VS.APPROVAL, when[3], officer,
                          f"On the agenda of the {board.name} meeting on {meeting.date:%-d %B %Y}"))
            self.approval(v, meeting, officer, at(when[3], 11))
        if status == VS.PUBLISHED:
            chair = meeting.quorum_[3]
            v.published_on = meeting.date
            v.review_due_on = review_due(area, meeting.date)
            moves.append((VS.APPROVAL, VS.PUBLISHED, meeting.date, chair,
                          approved_comment(meeting, v.approvals_[-1].decision_)))
        for i, (from_s, to_s, day, actor, comment) in enumerate(moves):
            v.transitions_.append(PlanTransition(version=v, from_status=from_s, to_status=to_s, actor=actor,
                                                 at=at(day, 10 + min(i, 7)), comment=comment))
        v.lock_version = len(moves)
        self.versions.append(v)
        return v

    def content(self, v, area, complete, consulted_from):
        rng, types = self.rng, self.by_type[area.pk]
        name = area.name
        fallback = types["local_authority"][0]
        pooled = self.pooled_by_area.get(area.pk, set())
        lead = fallback if fallback.pk in pooled else next(
            (p for p in self.partners_by_area[area.pk] if p.pk in pooled), fallback)

        def partner(org_type):
            found = (types.get(org_type) or [fallback])[0]
            # a complete plan: each responsible partner has a row in the spend statement (para 36 item 7),
            # which in an area with pooled funds is its contributions to them
            if complete and pooled and found.pk not in pooled:
                return lead
            return found

        v.needs_assessment = (
            f"{name} has about {rng.randint(20, 300)},000 children and young people. Outcomes are good overall but "
            f"the gaps are wide: {rng.randint(12, 35)}% of children live in poverty in the most deprived wards, "
            f"child obesity in Year 6 is {rng.randint(15, 22)}.{rng.randint(0, 9)}%, and waits for CAMHS average "
            f"{rng.randint(8, 20)} weeks.")
        if complete:
            v.early_universal = ("Children's centres in every locality and extended schools offering family support; "
                                 "health visitors see every family within 14 days of birth.")
            v.early_targeted = ("Locality teams using the Common Assessment Framework, with a lead professional for "
                                "every child with additional needs.")
            v.early_partner_roles = ("Schools, health visitors, children's centres and the police identify needs "
                                     "early; the locality team coordinates the response.")
            v.early_workforce = (f"Every front-line worker trained in the CAF within a year; {rng.randint(10, 60)} "
                                 "lead professional posts across the partnership.")
            v.commissioning = ("A joint commissioning board of the council and the PCT commissions CAMHS, short "
                               "breaks and speech and language therapy, from pooled budgets where they exist.")
            v.scs_link = f"Delivers the children and young people theme of the {name} Sustainable Community Strategy."
            v.laa_link = "Sets the context for the Local Area Agreement targets NI 56, NI 59, NI 111, NI 117 and NI 102."
        outcomes = list(Outcome) if complete else rng.sample(list(Outcome), rng.randint(0, 3))
        for outcome in outcomes:
            for position, (title, org_type, action, measure) in enumerate(
                    rng.sample(PRIORITY_BANK[outcome], rng.randint(1, min(3, len(PRIORITY_BANK[outcome]))))):
                p = Priority(version=v, outcome=outcome, title=title, position=position)
                p.actions_ = [Action(priority=p, description=action, responsible_partner=partner(org_type),
                                     due_by=date(fy_for(consulted_from) + 2, 3, 31), measure=measure, position=0)]
                if rng.random() < 0.5:
                    p.actions_.append(Action(priority=p, position=1, responsible_partner=fallback,
                                             description="Report progress to the Board every six months",
                                             due_by=date(fy_for(consulted_from) + 1, 9, 30), measure=measure))
                v.priorities_.append(p)
        if complete:
            for position, (gap, action, org_type) in enumerate(rng.sample(GAP_BANK, rng.randint(1, 3))):
                v.gaps_.append(GapAction(version=v, gap=gap, description=action, responsible_partner=partner(org_type),
                                         due_by=date(fy_for(consulted_from) + 1, 3, 31), position=position))
            until = consulted_from + timedelta(weeks=8)
            for org_type in sorted({p.org_type for p in self.relevant(area)}):
                v.consultees_.append(Consultee(version=v, kind=Consultee.Kind.PARTNER_TYPE, org_type=org_type,
                                               consulted_from=consulted_from, consulted_to=until,
                                               method="Partnership workshops and written comments"))
            for group, method in zip(Consultee.Group, [
                    "Visits to children's centres", "Voluntary sector forum and provider events",
                    "Staff survey", "Primary school councils", "Youth Council and an online survey",
                    "Parent carer forum and family questionnaires"]):
                v.consultees_.append(Consultee(version=v, kind=Consultee.Kind.GROUP, group=group,
                                               consulted_from=consulted_from, consulted_to=until, method=method))
            for org_type, service_area in (("pct", ServiceArea.CHILD_HEALTH), ("yot", ServiceArea.YOUTH_OFFENDING),
                                   ("local_authority", ServiceArea.EARLY_INTERVENTION)):
                v.spends_.append(PartnerSpend(version=v, partner=partner(org_type), spend_area=service_area,
                                              financial_year=fy_for(consulted_from) + 1,
                                              amount=money(rng, 250000, 6000000)))
            # and a row for each other partner responsible for an action (amounts from their own
            # generator, so the main sequence is unchanged)
            if not hasattr(self, "_spend_rng"):
                self._spend_rng = random.Random(f"spend-{self.seed}")
            entered = {s.partner.pk for s in v.spends_}
            for p in [a.responsible_partner for pr in v.priorities_ for a in pr.actions_] + [
                    g.responsible_partner for g in v.gaps_]:
                if p.pk not in entered:
                    entered.add(p.pk)
                    v.spends_.append(PartnerSpend(version=v, partner=p, spend_area=ServiceArea.OTHER,
                                                  financial_year=fy_for(consulted_from) + 1,
                                                  amount=money(self._spend_rng, 20000, 400000)))

    def agreement(self, v, relevant, round_, asked, end, *, everyone, objector, officer):
        rng = self.rng
        for partner in relevant:
            req = AgreementRequest(version=v, partner=partner, round=round_, asked_at=at(asked, 9), asked_by=officer,
                                   nonce=f"{rng.getrandbits(128):032x}")
            req.responses_ = []
            answered = everyone or partner is objector or rng.random() < (0.5 if objector else 0.6)
            if answered:
                decision = AgreementResponse.Decision.OBJECT if partner is objector else AgreementResponse.Decision.AGREE
                day = self.day_between(asked, end)
                if partner is objector:
                    day = end
                contacts = self.contacts_by_partner.get(partner.pk) or [None]
                req.responses_.append(AgreementResponse(
                    request=req, decision=decision, actor=contacts[0],
                    # a partner's own answer (officer-recorded answers are not generated)
                    via=rng.choice([AgreementResponse.Via.PAGE, AgreementResponse.Via.EMAIL]) if contacts[0]
                    else AgreementResponse.Via.EMAIL,
                    reasons="The plan does not yet show our contribution to the early intervention locality teams."
                    if decision == AgreementResponse.Decision.OBJECT else "",
                    at=at(day, rng.randint(9, 17), rng.randint(0, 59))))
                req.latest_decision = decision
            v.requests_.append(req)

    def approval(self, v, meeting, officer, created):
        """The version on a meeting's agenda; for a published version, the board's decision too."""
        item = AgendaItem(meeting=meeting, kind="plan_approval",
                          title=f"Approve the Children and Young People's Plan (version {v.number})",
                          description=f"{v.title}. All relevant partners have agreed it. The board approves it "
                                      "(it is then published) or rejects it with reasons.",
                          created_at=created)
        item.decisions_, item.declarations_ = [], []
        meeting.items_.insert(2, item)
        approval = PlanApproval(version=v, meeting=meeting, agenda_item=item, created_by=officer, created_at=created)
        if v.status == VS.PUBLISHED:
            chair = meeting.quorum_[3]
            decision = decide(self.rng, meeting, item, chair, Decision.Outcome.CARRIED,
                              f"The board approves version {v.number} of the Children and Young People's Plan "
                              "for publication.", at(meeting.date, meeting.start_time.hour))
            approval.decision_ = decision
            approval.outcome = PlanApproval.Outcome.APPROVED
            approval.decided_by, approval.decided_at = chair, decision.recorded_at
        v.approvals_.append(approval)

    def supersede(self, old, new, force_review=False):
        old.status = VS.SUPERSEDED
        old.lock_version += 1
        old.transitions_.append(PlanTransition(version=old, from_status=VS.PUBLISHED, to_status=VS.SUPERSEDED,
                                               actor=new.approvals_[0].decided_by,
                                               at=at(new.published_on, 18), comment=f"Replaced by version {new.number}"))
        self.reviews(old.area, old, until=new.published_on, force=force_review)

    def reviews(self, area, v, until=None, force=False):
        """Annual reviews: recorded and noted (the next falls due a year on), or missing (overdue)."""
        rng = self.rng
        until = until or self.today
        held = [m.date for m in self.meetings[area.pk] if m.status == Meeting.Status.HELD]
        due = review_due(area, v.published_on)
        while due <= until:
            if rng.random() > 0.75 and not (force and not v.reviews_):
                break  # not recorded: the review is overdue
            reviewed = max(v.published_on + timedelta(days=1), due - timedelta(days=rng.randint(0, 40)))
            if reviewed > self.today:
                break
            noted = next((d for d in held if reviewed <= d <= self.today), None) \
                if rng.random() < 0.85 or force else None
            review = PlanReview(version=v, due_on=due, reviewed_on=reviewed, noted_on=noted,
                                created_by=self.officers[area.pk], created_at=at(reviewed, 15),
                                needs_assessment_update=(
                                    f"Child obesity in Year 6 moved from {rng.randint(16, 21)}.{rng.randint(0, 9)}% to "
                                    f"{rng.randint(15, 21)}.{rng.randint(0, 9)}%; CAMHS waits are "
                                    f"{rng.randint(4, 16)} weeks; the attainment gap narrowed by "
                                    f"{rng.randint(0, 4)} points."))
            review.progress_ = [ReviewProgress(review=review, outcome=o, progress=text.format(
                a=rng.randint(50, 95), b=rng.randint(60, 400), c=rng.randint(1, 9)))
                for o, text in REVIEW_PROGRESS.items()]
            v.reviews_.append(review)
            if noted is None:
                break
            due = review_due(area, due)
        v.review_due_on = due

    # -- directions ---------------------------------------------------------------------------------

    def make_directions(self):
        """The stewards' directions to areas whose plan review is long overdue."""
        rng, rows = self.rng, []
        for v in self.versions:
            if v.status == VS.PUBLISHED and v.review_due_on < self.today - timedelta(days=60) and rng.random() < 0.3:
                rows.append(Direction(
                    area=v.area, arrangement=Direction.Arrangement.PLAN, issued_by=self.superuser,
                    reason=f"The annual review of the plan due on {v.review_due_on:%-d %B %Y} has not been made.",
                    required_action="Review the plan with the partners, record the review and have the board note it.",
                    due_by=self.today + timedelta(days=rng.randint(20, 90)),
                    issued_at=at(self.today - timedelta(days=rng.randint(5, 50)), 11)))
        self.insert(Direction, rows)
