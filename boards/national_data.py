"""The boards' share of the generated national data (see ``trusts.national_data``): a board per
area with 20 to 40 places (the Lead Member in the chair, the Director of Children's
Services, the statutory partners, schools, colleges and the voluntary sector as groups,
children, young people and parents), each place's terms over two years, monthly meetings
(held, cancelled or still to come) with attendance, agendas, decisions, declarations and
minutes, and the boards' reminders.

The rules are the boards' own: a board is statutory when ``composition.statutory_answer``
says so under the area's framework; a meeting's quorum is ``quorum.compute_quorum`` on the
seats in term and the attendance; decisions are recorded only at quorate meetings, and
minutes are approved at the next quorate one. Nobody holds two seats at once on one board.
"""
from collections import defaultdict
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta
from django.urls import reverse

from boards.composition import statutory_answer
from boards.models import AgendaItem, Attendance, Board, Constituency, Decision, Declaration, Meeting, Seat
from boards.quorum import compute_quorum
from partners import law
from trusts.models import Membership, User
from trusts.national_data import AppPart, at

TOPICS = [
    ("Joint needs assessment", "The partners' joint assessment of needs across the five outcomes."),
    ("Early intervention strategy", "Targeted services through children's centres and extended schools."),
    ("Local Safeguarding Children Board annual report", "Report of the independent chair of the LSCB."),
    ("Youth Offending Service performance", "First-time entrants, reoffending and use of custody."),
    ("Joint commissioning of CAMHS", "Proposal to pool the council and PCT budgets for CAMHS."),
    ("Local Area Agreement: children's indicators", "Progress against the LAA targets for children."),
    ("Child poverty strategy", "The draft strategy and the partners' contributions."),
    ("Pooled budget monitoring", "Planned and actual contributions and spend for the year."),
    ("Ofsted annual performance assessment", "The judgements and the improvement plan."),
    ("Children's workforce strategy", "Training in the Common Assessment Framework."),
    ("Teenage pregnancy strategy", "Progress and the refreshed action plan."),
    ("Transition to adult services", "Disabled young people moving to adult health and social care."),
    ("Children and young people's participation", "Report from the Youth Council."),
    ("Annual review of the Children and Young People's Plan", "Progress against the measures for each outcome."),
]
RESOLUTIONS = [
    "The Board agreed the report and asked for a progress update in six months.",
    "The Board endorsed the recommendations and asked the partners to report back on their actions.",
    "The Board agreed the proposal for consultation with the partners.",
    "The Board noted the report and agreed the actions in section 4.",
    "The Board approved the strategy for publication.",
]
VENUES = ("Civic Centre, Committee Room 1", "Town Hall, Council Chamber", "County Hall, Room 2", "Council House",
          "Children's Services offices, Meeting Room A", "Guildhall, Members' Room")


def decide(rng, meeting, item, actor, outcome, resolution, when, *, votes=False):
    """A decision on an agenda item, with the quorum of the meeting as it was computed."""
    _q, present_voting, required, _chair = meeting.quorum_
    d = Decision(item=item, resolution=resolution, outcome=outcome, present_voting=present_voting,
                 quorum_required=required, recorded_by=actor, recorded_at=when + timedelta(hours=1))
    if votes and outcome != Decision.Outcome.DEFERRED:
        against = rng.randint(0, max(0, present_voting // 4))
        abstain = rng.randint(0, 2)
        d.votes_against, d.votes_abstain = against, min(abstain, present_voting - against)
        d.votes_for = present_voting - d.votes_against - d.votes_abstain
        if outcome == Decision.Outcome.CARRIED and d.votes_for <= d.votes_against:
            d.votes_for, d.votes_against, d.votes_abstain = present_voting, 0, 0
        if outcome == Decision.Outcome.NOT_CARRIED:
            d.votes_for, d.votes_against = min(d.votes_for, d.votes_against), max(d.votes_for, d.votes_against)
    item.decisions_.append(d)
    return d


class Part(AppPart):
    def make(self):
        self.make_people_and_boards()
        self.make_meetings()

    def make_people_and_boards(self):
        rng = self.rng
        # board members shared across boards: the force's, the probation trust's and the SHA's representative
        shared = {}
        self.boards, self.slots = [], {}
        for info, area in zip(self.infos, self.trusts):
            board = Board(
                area=area, name=rng.choice([f"{info.name} Children's Trust Board",
                                              f"{info.name} Children's Trust Partnership Board",
                                              f"{info.name} Children and Young People's Strategic Partnership"]),
                terms_of_reference=(
                    f"To improve the well-being of children and young people in {info.name} across the five Every "
                    "Child Matters outcomes; to improve early intervention; to narrow the gaps between groups of "
                    "children. The Board carries out the joint needs assessment, agrees the Children and Young "
                    "People's Plan, evaluates its impact and oversees the Local Safeguarding Children Board and "
                    "the Youth Offending Service (para 44-45)."),
                # what boards.services.board_create defaults to under the area's framework
                is_statutory=statutory_answer(law.FRAMEWORKS_BY_CODE[self.framework[area.pk]])[0],
                quorum_chair_required=rng.random() < 0.3,
                created_at=at(self.window_start - timedelta(days=500), 9),
            )
            rule = rng.random()
            if rule < 0.5:
                board.quorum_kind, board.quorum_numerator, board.quorum_denominator = "fraction", 1, 2
            elif rule < 0.75:
                board.quorum_kind, board.quorum_numerator, board.quorum_denominator = "fraction", 1, 3
            else:
                board.quorum_kind, board.quorum_number = "number", rng.randint(6, 9)
            self.boards.append(board)
            self.slots[area.pk] = self.plan_slots(info, area, shared)
        self.flush_users()
        self.insert(Board, self.boards)
        self.board_of = {b.area_id: b for b in self.boards}
        seats, represented = [], []
        for area in self.trusts:
            board = self.board_of[area.pk]
            for slot in self.slots[area.pk]:
                for seat in slot["terms"]:
                    seat.board = board
                    seats.append(seat)
        self.insert(Seat, seats)
        through = Seat.represented_partners.through
        for area in self.trusts:
            for slot in self.slots[area.pk]:
                for seat in slot["terms"]:
                    represented.extend(through(seat_id=seat.pk, partner_id=p.pk) for p in slot["represents"])
        self.insert(through, represented)
        seen, memberships = set(), []
        for area in self.trusts:
            for slot in self.slots[area.pk]:
                for seat in slot["terms"]:
                    current = seat.term_start <= self.today and (seat.term_end is None or seat.term_end >= self.today)
                    if current and (seat.person.pk, area.pk) not in seen:
                        seen.add((seat.person.pk, area.pk))
                        memberships.append(Membership(user=seat.person, area=area,
                                                      role=User.Role.BOARD_MEMBER,
                                                      created_at=at(seat.term_start, 9)))
        self.insert(Membership, memberships)

    def plan_slots(self, info, area, shared):
        """The places on one board (20-40), each with its terms: one row per person's term."""
        rng, types = self.rng, self.by_type[area.pk]
        target = rng.randint(20, 40)
        slots = []

        def slot(constituency, title, *, role=Seat.Role.MEMBER, voting=True, partner=None, represents=(),
                 person=None, share_key=None, groups=()):
            slots.append(dict(constituency=constituency, title=title, role=role, voting=voting, partner=partner,
                              represents=[p for p in represents if p is not partner], person=person,
                              share_key=share_key, groups=list(groups)))

        def first(org_type):
            return types[org_type][0] if types[org_type] else None

        slot(Constituency.LEAD_MEMBER, "Lead Member", role=Seat.Role.CHAIR, person=("lead", area))
        slot(Constituency.DCS, "Director of Children's Services", role=Seat.Role.VICE_CHAIR, person=("dcs", area),
             represents=types["local_authority"][:1])
        slot(Constituency.AUTHORITY, "Chief Executive")
        for org_type, others, key in (("pct", [], None), ("chief_officer_police", ["police_authority"], "force"),
                                      ("probation", [], "probation"), ("yot", [], None), ("connexions", [], None),
                                      ("jobcentre_plus", ["lsc"], None)):
            partner = first(org_type)
            if partner is not None:
                slot(Constituency.PARTNER, partner.name, partner=partner,
                     represents=[p for o in others for p in types[o][:1]],
                     share_key=(key, partner.name) if key else None)
        districts = types["district_council"]
        for i in range(0, len(districts), 3):  # one seat for every three districts
            group = districts[i:i + 3]
            slot(Constituency.PARTNER, group[0].name, partner=group[0], represents=group[1:])
        schools = [p for t in law.MAINTAINED_SCHOOLS + ("academy",) for p in types[t]]
        # schools, colleges and the voluntary sector sit as groups (s12A(5); boards.groups); the named
        # sample is still drawn so that the rest of the generated data stays as it was
        school_groups = (("primary headteacher", ("mainstream_schools", "nursery_schools", "pupil_referral_units")),
                         ("secondary headteacher", ("academies", "colleges")))
        for phase, groups in school_groups:
            slot(Constituency.SCHOOLS, phase, represents=rng.sample(schools, min(len(schools), rng.randint(2, 8))),
                 groups=groups)
        slot(Constituency.VCS, "voluntary sector", represents=types["vcs"][:3], groups=("vcs",))
        slot(Constituency.CHILDREN, "Youth Council", role=Seat.Role.ADVISER, voting=False)
        slot(Constituency.PARENTS, "Parent Carer Forum", role=Seat.Role.ADVISER, voting=False)
        # then, while the board has room: the places most boards also have, then more members
        optional = [
            lambda: slot(Constituency.SCHOOLS, "special school headteacher",
                         represents=rng.sample(schools, min(len(schools), 2)), groups=("special_schools",)),
            lambda: first("sha") and slot(Constituency.PARTNER, first("sha").name, partner=first("sha"),
                                          share_key=("sha", first("sha").name)),
            lambda: first("schools_forum") and slot(Constituency.SCHOOLS_FORUM, "Schools Forum chair"),
            lambda: slot(Constituency.SCHOOLS, "academy principal", represents=types["academy"][:3]),
            lambda: first("fe_college") and slot(Constituency.PARTNER, first("fe_college").name,
                                                 partner=first("fe_college")),
            lambda: slot(Constituency.VCS, "voluntary sector", represents=types["vcs"][3:5]),
            lambda: slot(Constituency.AUTHORITY, "LSCB independent chair", role=Seat.Role.OBSERVER, voting=False),
            lambda: first("gp_practice") and slot(Constituency.PARTNER, first("gp_practice").name,
                                                  partner=first("gp_practice")),
            lambda: first("childrens_centre") and slot(Constituency.PARTNER, first("childrens_centre").name,
                                                       partner=first("childrens_centre")),
            lambda: first("sixth_form_college") and slot(Constituency.PARTNER, first("sixth_form_college").name,
                                                         partner=first("sixth_form_college")),
        ]
        for add in optional:
            if len(slots) >= target:
                break
            add()
        extra = [Constituency.VCS, Constituency.SCHOOLS, Constituency.CHILDREN, Constituency.PARENTS]
        pool = [p for t in ("vcs", "childrens_centre", "private_provider", "gp_practice") for p in types[t][1:]]
        while len(slots) < target:
            if pool and rng.random() < 0.5:
                partner = pool.pop(rng.randrange(len(pool)))
                slot(Constituency.PARTNER, partner.name, partner=partner)
            else:
                constituency = rng.choice(extra)
                non_voting = constituency in (Constituency.CHILDREN, Constituency.PARENTS)
                slot(constituency, "member", role=Seat.Role.ADVISER if non_voting else Seat.Role.MEMBER,
                     voting=not non_voting)
        for s in slots:
            s["terms"] = self.terms(s, area, shared)
        return slots

    def person_for(self, s, area, shared):
        rng = self.rng
        if s["person"] and s["person"][0] in ("lead", "dcs"):
            kind = s["person"][0]
            key = ("area", kind, area.pk)
            if key not in shared:
                name = area.lead_member_name if kind == "lead" else area.director_name
                email = area.lead_member_email if kind == "lead" else area.director_email
                shared[key] = self.new_user(name=name, role=User.Role.BOARD_MEMBER, email=email,
                                            job_title="Lead Member for Children's Services" if kind == "lead"
                                            else "Director of Children's Services")
            return shared[key]
        if s["share_key"]:
            if s["share_key"] not in shared:
                shared[s["share_key"]] = self.new_user(name=self.person_name(), role=User.Role.BOARD_MEMBER,
                                                       job_title=f"Representative, {s['title']}")
            return shared[s["share_key"]]
        title = {Constituency.SCHOOLS: "Headteacher", Constituency.CHILDREN: "Youth Council member",
                 Constituency.PARENTS: "Parent Carer Forum member"}.get(s["constituency"], s["title"][:120])
        prefix = "Councillor " if s["constituency"] == Constituency.AUTHORITY and rng.random() < 0.3 else ""
        return self.new_user(name=prefix + self.person_name(), role=User.Role.BOARD_MEMBER, job_title=title)

    def terms(self, s, area, shared):
        """One or two terms for a place: a past holder replaced during the two years, or one holder."""
        rng = self.rng

        def seat(person, start, end):
            return Seat(role=s["role"], voting=s["voting"], constituency=s["constituency"], partner=s["partner"],
                        represented_groups=s["groups"], person=person, term_start=start, term_end=end,
                        substitute_name=self.person_name() if rng.random() < 0.35 else "",
                        created_at=at(start, 9))

        first_meeting = self.window_start
        end = rng.choices([None, "later", "soon"], (40, 55, 5))[0]
        current_end = {None: None, "later": self.today + timedelta(days=rng.randint(31, 900)),
                       "soon": self.today + timedelta(days=rng.randint(3, 30))}[end]
        fixed = s["person"] or s["share_key"]
        if not fixed and rng.random() < 0.15:
            # replaced during the two years: a different person each term, so nobody holds two seats at once
            change = self.day_between(first_meeting + timedelta(days=30), self.today - timedelta(days=30))
            past = seat(self.person_for(s, area, shared),
                        first_meeting - timedelta(days=rng.randint(200, 800)), change - timedelta(days=1))
            return [past, seat(self.person_for(s, area, shared), change, current_end)]
        start = first_meeting - timedelta(days=rng.randint(1, 700))
        return [seat(self.person_for(s, area, shared), start, current_end)]

    # -- meetings ---------------------------------------------------------------------------
    def make_meetings(self):
        """Monthly meetings (not in August) over two years, and the next two: held, cancelled or scheduled."""
        rng = self.rng
        self.meetings = {}
        for area in self.trusts:
            board = self.board_of[area.pk]
            weekday, week = rng.randint(0, 4), rng.randint(1, 3)
            start_time = rng.choice([time(10, 0), time(14, 0), time(9, 30), time(16, 0)])
            venue = f"{area.name} {rng.choice(VENUES)}"
            past, future = [], []
            month = date(self.window_start.year, self.window_start.month, 1)
            while len(future) < 2:
                if month.month != 8:
                    day = month + timedelta(days=(weekday - month.weekday()) % 7 + 7 * (week - 1))
                    if self.window_start < day < self.today:
                        past.append(day)
                    elif day > self.today:
                        future.append(day)
                month = month + relativedelta(months=1)
            rows = []
            for day in past + future:
                status = Meeting.Status.SCHEDULED if day > self.today else (
                    Meeting.Status.CANCELLED if rng.random() < 0.05 else Meeting.Status.HELD)
                m = Meeting(board=board, date=day, start_time=start_time,
                            end_time=time(start_time.hour + 2, start_time.minute), place=venue, status=status,
                            created_at=at(day - timedelta(days=60), 9))
                m.items_, m.quorum_ = [], None
                rows.append(m)
            self.meetings[area.pk] = rows
            self.attend(area, rows)
        # minutes are approved at the next quorate meeting, a later one: insert the later ones first
        for area in self.trusts:
            held = [m for m in self.meetings[area.pk] if m.status == Meeting.Status.HELD]
            for i, m in enumerate(held):
                later = next((n for n in held[i + 1:] if n.quorum_[0]), None)
                m.minutes_status = Meeting.MinutesStatus.APPROVED if later else Meeting.MinutesStatus.DRAFT
                m.approved_at_ = later
                if later:
                    later.approves_ = getattr(later, "approves_", []) + [m]
        by_rank = defaultdict(list)
        for area in self.trusts:
            for rank, m in enumerate(reversed(self.meetings[area.pk])):
                by_rank[rank].append(m)
        for rank in sorted(by_rank):
            for m in by_rank[rank]:
                m.minutes_approved_at = getattr(m, "approved_at_", None)
            self.insert(Meeting, by_rank[rank])
        for area in self.trusts:
            self.agenda(area)

    def seats_on(self, area, day):
        return [seat for slot in self.slots[area.pk] for seat in slot["terms"]
                if seat.term_start <= day and (seat.term_end is None or seat.term_end >= day)]

    def attend(self, area, meetings):
        """Attendance for held meetings, and their quorum (boards.quorum, as the meeting page has it)."""
        rng = self.rng
        for m in meetings:
            m.attendance_ = []
            if m.status != Meeting.Status.HELD:
                continue
            seats = self.seats_on(area, m.date)
            for seat in seats:
                if seat.role == Seat.Role.CHAIR:
                    status = "present" if rng.random() < 0.9 else "apologies"
                else:
                    status = rng.choices(["present", "apologies", "substitute", "absent"], (78, 12, 5, 5))[0]
                    if status == "substitute" and not seat.substitute_name:
                        status = "present"
                m.attendance_.append(Attendance(meeting=m, seat=seat, status=status,
                                                substitute_name=seat.substitute_name if status == "substitute" else "",
                                                recorded_at=at(m.date, 17)))
            quorum = compute_quorum(meeting=m, seats=seats, attendances=m.attendance_)
            chair = next((s.person for s in seats if s.role == Seat.Role.CHAIR), None)
            m.quorum_ = (quorum.quorate, quorum.present_voting, quorum.required, chair)

    def agenda(self, area):
        """Items, decisions, declarations and minutes, in memory (inserted after the plans add theirs)."""
        rng, officer = self.rng, self.officers[area.pk]
        for m in self.meetings[area.pk]:
            if m.status == Meeting.Status.CANCELLED:
                continue
            when = at(m.date, m.start_time.hour)

            def item(title, description="", kind="general", m=m):  # bound: called for this meeting only
                it = AgendaItem(meeting=m, title=title, description=description, kind=kind,
                                created_at=at(m.date - timedelta(days=14), 9))
                it.decisions_, it.declarations_ = [], []
                m.items_.append(it)
                return it

            item("Apologies and declarations of interest")
            minutes_item = item("Minutes of the previous meeting and matters arising")
            topics = [item(t, d) for t, d in rng.sample(TOPICS, rng.randint(2, 4))]
            m.aob_ = ("Any other business", "")
            quorate = m.quorum_ and m.quorum_[0]
            if m.status != Meeting.Status.HELD:
                continue
            if quorate:
                for approved in getattr(m, "approves_", []):
                    self.decide(m, minutes_item, officer, Decision.Outcome.CARRIED,
                                f"The minutes of the meeting on {approved.date:%-d %B %Y} were agreed as a correct "
                                "record.", when)
                for it in topics[: rng.randint(1, 2)]:
                    outcome = rng.choices(list(Decision.Outcome), (85, 5, 10))[0]
                    text = rng.choice(RESOLUTIONS) if outcome == Decision.Outcome.CARRIED else (
                        "The Board did not agree the proposal." if outcome == Decision.Outcome.NOT_CARRIED
                        else "The Board deferred the item to its next meeting for more information.")
                    self.decide(m, it, officer, outcome, text, when, votes=rng.random() < 0.3)
                present = [a.seat for a in m.attendance_ if a.status == "present"]
                if present and rng.random() < 0.15:
                    seat = rng.choice(present)
                    topics[0].declarations_.append(Declaration(
                        item=topics[0], seat=seat, person=seat.person, recorded_at=when,
                        interest=f"Employed by {seat.partner.name if seat.partner else 'a provider'} which "
                                 "delivers services under this item."))

    def decide(self, meeting, item, actor, outcome, resolution, when, votes=False):
        return decide(self.rng, meeting, item, actor, outcome, resolution, when, votes=votes)

    def finish(self):
        """Write the meetings' business, once the later apps (plans) have put their items on the agendas."""
        items, attendances = [], []
        for area in self.trusts:
            for m in self.meetings[area.pk]:
                if not m.items_:
                    continue
                m.items_.append(AgendaItem(meeting=m, title=m.aob_[0], created_at=m.items_[0].created_at))
                m.items_[-1].decisions_, m.items_[-1].declarations_ = [], []
                for position, item in enumerate(m.items_, 1):
                    item.position = position
                items += m.items_
                attendances += m.attendance_
        self.insert(AgendaItem, items)
        self.insert(Attendance, attendances)
        self.insert(Decision, [d for it in items for d in it.decisions_])
        self.insert(Declaration, [d for it in items for d in it.declarations_])
        held = [m for t in self.trusts for m in self.meetings[t.pk] if m.status == Meeting.Status.HELD]
        for m in held:
            n_present = sum(1 for a in m.attendance_ if a.status in ("present", "substitute"))
            apologies = sum(1 for a in m.attendance_ if a.status == "apologies")
            lines = [f"Present: {n_present} members; apologies from {apologies}."]
            if not m.quorum_[0]:
                lines.append("The meeting was not quorate: the items were discussed but no decisions were made.")
            for it in m.items_[1:]:
                lines.append(f"{it.position}. {it.title}: " + (it.decisions_[0].resolution if it.decisions_
                                                                else "noted."))
            m.minutes = "\n\n".join(lines)
        Meeting.objects.bulk_update(held, ["minutes"], batch_size=self.batch)

    # -- reminders ----------------------------------------------------------------------------------

    def remind(self):
        """The boards' reminders: papers before a meeting, minutes not approved, terms ending."""

        def recipient_of(user):
            return (user.email, user.full_name, user)

        for area in self.trusts:
            board = self.board_of[area.pk]
            officer = recipient_of(self.officers[area.pk])
            meetings = self.meetings[area.pk]
            for i, m in enumerate(meetings):
                link = reverse("boards:meeting-detail", kwargs={"meeting": m.pk})
                if m.status != Meeting.Status.CANCELLED and m.date >= self.today - timedelta(days=90):
                    self.fire("board_papers", m.date,
                              [recipient_of(s.person) for s in self.seats_on(area, m.date)], f"meeting:{m.pk}:papers",
                              area, link, f"Papers for the {board.name} meeting on {m.date:%-d %B %Y}")
                if m.status == Meeting.Status.HELD and m.minutes_status == Meeting.MinutesStatus.DRAFT:
                    later = next((n for n in meetings[i + 1:] if n.date < self.today and n.status != "cancelled"), None)
                    if later is not None:
                        self.fire("minutes_unapproved", later.date, [officer], f"meeting:{m.pk}:minutes",
                                  area, link,
                                  f"The minutes of the {board.name} meeting on {m.date:%-d %B %Y} are not approved")
            for slot in self.slots[area.pk]:
                for seat in slot["terms"]:
                    if seat.term_end and self.today <= seat.term_end:
                        where = reverse("boards:board-detail", kwargs={"board": board.pk})
                        self.fire("board_term_ending", seat.term_end, [recipient_of(seat.person)],
                                  f"seat:{seat.pk}:term-end", area, where,
                                  f"Your term on the {board.name} ends on {seat.term_end:%-d %B %Y}")
                        self.fire("board_term_ending", seat.term_end, [officer],
                                  f"seat:{seat.pk}:term-end", area, where,
                                  f"{seat.person.full_name}'s term on the {board.name} ends on "
                                  f"{seat.term_end:%-d %B %Y}")
