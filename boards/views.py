"""Thin views: scope (another board is a 404), the policy (403 with the reason), form,
service, render. Read views answer GET and HEAD only (``require_safe``); every route
that writes has an entry in ``boards.tests.factories.WRITE_ROUTES``."""
from crispy_forms_gds.layout import Field, Hidden, Layout
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from boards import forms, selectors, services
from boards.calendar import ical_for_meetings
from boards.composition import statutory_answer
from boards.models import Action, Board, CalendarToken, Meeting
from boards.permissions import policy
from trusts.dates import long_date
from trusts.errors import SERVICE_ERRORS, NotPermitted, error_message, errors_as_message, errors_on
from trusts.scoping import area_for_user_or_404


def _manage_or_403(user, board):
    policy.require(user, "manage", board)


def _board_url(board):
    return reverse("boards:board-detail", kwargs={"board": board.pk})


def _meeting_url(meeting):
    return reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})


def _form_page(request, form, *, heading, caption, back, template="boards/form_page.html", **extra):
    return render(request, template, {"form": form, "heading": heading, "caption": caption, "back": back, **extra})


# ---------------------------------------------------------------------------
# boards
# ---------------------------------------------------------------------------
@login_required
@require_safe
def board_list(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    boards = selectors.board_list(user=request.user, area=area)
    return render(request, "boards/board_list.html", {
        "area": area, "boards": boards, "can_create": policy.can(request.user, "create", area),
        "invitations": selectors.invitation_list(user=request.user, area=area),
    })


@login_required
@require_http_methods(["GET", "POST"])
def board_create(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    policy.require(request.user, "create", area)
    framework = area.effective_framework()
    statutory, reason, source = statutory_answer(framework)
    hint = f"{reason} Source: {source}."
    form = forms.BoardForm(request.POST or None, area=area, statutory_hint=hint, initial={
        "name": f"{area.name} Children's Trust Board", "quorum_kind": Board.QuorumKind.FRACTION,
        "quorum_numerator": 1, "quorum_denominator": 2, "quorum_chair_required": "no",
        "is_statutory": "yes" if statutory else "no",
    })
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            board = services.board_create(area=area, actor=request.user, **form.service_kwargs())
            messages.success(request, f"{board.name} set up. Now add its seats.")
            return redirect(_board_url(board))
    back = reverse("boards:board-list", kwargs={"la_code": area.la_code})
    return _form_page(request, form, heading="Set up the Children's Trust Board", caption=area.name, back=back)


@login_required
@require_safe
def board_detail(request, board):
    board = selectors.board_get(user=request.user, pk=board)
    can_manage = policy.can(request.user, "manage", board)
    # worked out only when the page's cached fragment is stale (templates: {% fragment %})
    page = SimpleLazyObject(lambda: selectors.board_page(board=board, for_manager=can_manage,
                                                         all_meetings=request.GET.get("meetings") == "all"))
    return render(request, "boards/board_detail.html", {
        "board": board, "page": page, "composition": SimpleLazyObject(lambda: page.composition),
        "can_manage": can_manage,
        "can_invite": policy.can(request.user, "invite", board), "today": selectors.today(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def forward_plan_item_create(request, board):
    """An officer adds an item to the board's forward plan, for a meeting or a month."""
    board = selectors.board_get(user=request.user, pk=board)
    _manage_or_403(request.user, board)
    meetings = selectors.forward_plan_meeting_list(board=board)
    form = forms.ForwardPlanItemForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.forward_plan_item_add(board=board, actor=request.user, **form.service_kwargs())
            messages.success(request, "Item added to the forward plan")
            return redirect(_board_url(board) + "#forward-plan")
    return _form_page(request, form, heading="Add an item to the forward plan", caption=board.name,
                      back=_board_url(board),
                      intro="Plan an item for a meeting already scheduled, or for a month when the meeting is "
                            "not yet set. The forward plan is on the area's public meetings page.")


@login_required
@require_safe
def board_seats(request, board):
    """Every seat of the board, filtered (who it represents, in term or ended, a name) and
    paginated: the board page lists only the first few."""
    board = selectors.board_get(user=request.user, pk=board)
    can_manage = policy.can(request.user, "manage", board)
    form = forms.SeatFilterForm(request.GET or None)
    filters = form.values()
    page = SimpleLazyObject(lambda: selectors.seat_list(board=board, page=request.GET.get("page"),
                                                          params=request.GET, for_manager=can_manage, **filters))
    number = request.GET.get("page", "")
    return render(request, "boards/board_seats.html", {
        "board": board, "page": page, "form": form, "can_manage": can_manage,
        "page_number": int(number) if number.isdigit() and len(number) < 7 else 1,
        "query": sorted(request.GET.lists()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request, board):
    board = selectors.board_get(user=request.user, pk=board)
    _manage_or_403(request.user, board)
    statutory, reason, source = statutory_answer(board.area.effective_framework())
    form = forms.BoardForm(request.POST or None, area=board.area, statutory_hint=f"{reason} Source: {source}.",
                           initial=forms.BoardForm.initial_for(board),
                           joint_areas=policy.can(request.user, "invite", board))
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.board_update(board=board, actor=request.user, **form.service_kwargs())
            messages.success(request, "Board details saved")
            return redirect(_board_url(board))
    return _form_page(request, form, heading="Change the board's details", caption=board.name,
                      back=_board_url(board))


@login_required
@require_safe
def board_history(request, board):
    board = selectors.board_get(user=request.user, pk=board)
    return render(request, "boards/board_history.html",
                  {"board": board, "rows": selectors.board_history_list(board=board)})


# ---------------------------------------------------------------------------
# seats
# ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def seat_create(request, board):
    board = selectors.board_get(user=request.user, pk=board)
    _manage_or_403(request.user, board)
    initial = {"role": "member", "voting": "yes", "term_start": selectors.today(),
               **forms.SeatPrefillForm(request.GET).prefill()}
    form = forms.SeatForm(request.POST or None, board=board, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            seat = services.seat_appoint(board=board, actor=request.user, email=form.cleaned_data["person_email"],
                                         full_name=form.cleaned_data["person_name"],
                                         represented_partners=list(form.cleaned_data["represented_partners"]),
                                         **form.seat_kwargs())
            messages.success(request, f"{seat.person.full_name} now has a seat on the board")
            return redirect(_board_url(board))
    return _form_page(request, form, heading="Add a seat", caption=board.name, back=_board_url(board))


@login_required
@require_http_methods(["GET", "POST"])
def seat_edit(request, seat):
    seat = selectors.seat_get(user=request.user, pk=seat)
    board = seat.board
    _manage_or_403(request.user, board)
    form = forms.SeatForm(request.POST or None, board=board, editing=True, initial=forms.SeatForm.initial_for(seat))
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.seat_update(seat=seat, actor=request.user,
                                 represented_partners=list(form.cleaned_data["represented_partners"]),
                                 **form.seat_kwargs())
            messages.success(request, f"{seat.person.full_name}'s seat saved")
            return redirect(_board_url(board))
    return _form_page(request, form, heading=f"Change {seat.person.full_name}'s seat", caption=board.name,
                      back=_board_url(board))


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request, seat):
    seat = selectors.seat_get(user=request.user, pk=seat)
    board = seat.board
    _manage_or_403(request.user, board)
    form = forms.SeatEndForm(request.POST or None, initial={"end_on": selectors.today()})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.seat_end(seat=seat, actor=request.user, end_on=form.cleaned_data["end_on"])
            messages.success(request,
                             f"{seat.person.full_name}'s term ends on {long_date(form.cleaned_data['end_on'])}")
            return redirect(_board_url(board))
    return _form_page(request, form, heading=f"End {seat.person.full_name}'s term", caption=board.name,
                      back=_board_url(board),
                      intro="The term stays in the board's history. A member whose term has ended is not counted "
                            "in the quorum or the composition check.")


@login_required
@require_POST
def seat_invite(request, seat):
    """Send the seat holder a fresh invitation to set their password."""
    seat = selectors.seat_get(user=request.user, pk=seat)
    _manage_or_403(request.user, seat.board)
    with errors_as_message(request):
        services.seat_invitation_resend(seat=seat, actor=request.user)
        messages.success(request, f"A new invitation has been sent to {seat.person.email}")
    return redirect(_board_url(seat.board) + "#seats")


# ---------------------------------------------------------------------------
# joint areas: invitations answered by the invited area
# ---------------------------------------------------------------------------
@login_required
@require_POST
def invitation_answer(request, invitation):
    """The invited area's officer accepts or refuses; once accepted, they may leave."""
    invitation = selectors.invitation_get(user=request.user, pk=invitation)
    form = forms.InvitationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["answer"][0])
        return redirect(_invitation_back(invitation))
    answer = form.cleaned_data["answer"]
    with errors_as_message(request):
        if answer == "leave":
            services.joint_area_leave(invitation=invitation, actor=request.user)
        else:
            services.joint_invitation_answer(invitation=invitation, actor=request.user, accept=answer == "accept")
        board, area = invitation.board, invitation.area
        if answer == "accept":
            messages.success(request, f"{area.name} is now one of the areas of {board.name}")
            return redirect(_board_url(board))
        messages.success(request, f"{area.name} {'has left' if answer == 'leave' else 'refused to join'} {board.name}")
    return redirect(_invitation_back(invitation))


def _invitation_back(invitation):
    return reverse("boards:board-list", kwargs={"la_code": invitation.area.la_code})


# ---------------------------------------------------------------------------
# meetings
# ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, board):
    board = selectors.board_get(user=request.user, pk=board)
    _manage_or_403(request.user, board)
    form = forms.MeetingForm(request.POST or None, initial={"status": Meeting.Status.SCHEDULED})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            meeting = services.meeting_create(board=board, actor=request.user, **form.service_kwargs())
            messages.success(request, "Meeting added")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading="Add a meeting", caption=board.name, back=_board_url(board))


@login_required
@require_safe
def meeting_detail(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    # worked out only when the page's cached fragment (one per reader: what each may record differs) is stale
    page = SimpleLazyObject(lambda: selectors.meeting_page(meeting=meeting, user=request.user))
    return render(request, "boards/meeting_detail.html", {
        "meeting": meeting, "board": meeting.board, "page": page, "quorum": SimpleLazyObject(lambda: page.quorum),
        "can_manage": policy.can(request.user, "manage", meeting.board), "today": selectors.today(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    _manage_or_403(request.user, meeting.board)
    form = forms.MeetingForm(request.POST or None, current_date=meeting.date, initial={
        "date": meeting.date, "start_time": meeting.start_time, "end_time": meeting.end_time,
        "place": meeting.place, "status": meeting.status})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.meeting_update(meeting=meeting, actor=request.user, **form.service_kwargs())
            messages.success(request, "Meeting saved")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading="Change the meeting", caption=meeting.board.name,
                      back=_meeting_url(meeting))


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    _manage_or_403(request.user, meeting.board)
    form = forms.AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.agenda_item_add(meeting=meeting, actor=request.user, **form.cleaned_data)
            messages.success(request, "Agenda item added")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading="Add an agenda item", caption=str(meeting), back=_meeting_url(meeting))


@login_required
@require_http_methods(["GET", "POST"])
def paper_upload(request, item):
    item = selectors.item_get(user=request.user, pk=item)
    meeting = item.meeting
    _manage_or_403(request.user, meeting.board)
    form = forms.PaperForm(request.POST or None, request.FILES or None)
    form.helper.attrs = {"enctype": "multipart/form-data"}
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.paper_add(item=item, actor=request.user, upload=form.cleaned_data["file"],
                               title=form.cleaned_data["title"])
            messages.success(request, "Paper uploaded")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading=f"Upload a paper for “{item.title}”", caption=str(meeting),
                      back=_meeting_url(meeting))


def _download(stored, filename, content_type):
    """A stored paper as a download; a 404 if its file has gone from storage."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The paper's file is missing") from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


@login_required
@require_safe
def paper_download(request, paper):
    paper = selectors.paper_get(user=request.user, pk=paper)
    return _download(paper.file, f"{paper.title[:80]}.{paper.extension}", paper.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def paper_replace(request, paper):
    """Replace a paper with a new version; the page lists every version kept."""
    paper = selectors.paper_with_versions_get(user=request.user, pk=paper)
    meeting = paper.item.meeting
    _manage_or_403(request.user, meeting.board)
    # bound on every POST, even an empty one (no file chosen), so the error is shown
    posted = request.method == "POST"
    form = forms.PaperReplaceForm(request.POST if posted else None, request.FILES if posted else None)
    form.helper.attrs = {"enctype": "multipart/form-data"}
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.paper_replace(paper=paper, actor=request.user, upload=form.cleaned_data["file"])
            messages.success(request, "Paper replaced with a new version")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading=f"Replace “{paper.title}”", caption=str(meeting),
                      back=_meeting_url(meeting), template="boards/paper_replace.html", paper=paper,
                      published=meeting.agenda_published)


@login_required
@require_safe
def paper_versions(request, paper):
    """Every version of a paper, for anyone who sees the board (the current one first)."""
    paper = selectors.paper_with_versions_get(user=request.user, pk=paper)
    return render(request, "boards/paper_versions.html", {
        "paper": paper, "can_manage": policy.can(request.user, "manage", paper.item.meeting.board)})


@login_required
@require_safe
def paper_version_download(request, paper_version):
    version = selectors.paper_version_get(user=request.user, pk=paper_version)
    return _download(version.file, f"{version.paper.title[:70]} (version {version.number}).{version.extension}",
                     version.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    _manage_or_403(request.user, meeting.board)
    seats, attendances = selectors.meeting_attendance_get(meeting)
    form = forms.AttendanceForm(request.POST or None, seats=seats, attendances=attendances,
                                apologies=list(meeting.apologies.all()))
    blocked = ""
    if meeting.status == Meeting.Status.CANCELLED:
        blocked = "The meeting was cancelled: there is no attendance to record."
    elif meeting.date > selectors.today():
        blocked = "Attendance can be recorded on or after the day of the meeting."
    if request.method == "POST" and not blocked and form.is_valid():
        with errors_on(form):
            services.attendance_record(meeting=meeting, actor=request.user, entries=form.entries())
            quorum = services.meeting_quorum(meeting)
            messages.success(request, f"Attendance saved. {quorum.reason}")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading="Record attendance", caption=str(meeting), back=_meeting_url(meeting),
                      blocked=blocked, no_seats=not seats)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, item):
    item = selectors.item_get(user=request.user, pk=item)
    meeting = item.meeting
    policy.require(request.user, "record_decision", item)
    quorum = services.meeting_quorum(meeting, item=item)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.decision_record(item=item, actor=request.user, **form.cleaned_data)
            messages.success(request, "Decision recorded")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading=f"Record a decision on “{item.title}”", caption=str(meeting),
                      back=_meeting_url(meeting), template="boards/decision_form.html", quorum=quorum,
                      meeting=meeting)


@login_required
@require_http_methods(["GET", "POST"])
def declaration_create(request, item):
    item = selectors.item_get(user=request.user, pk=item)
    meeting = item.meeting
    policy.require(request.user, "declare", item)
    interests = selectors.registered_interest_list(user=request.user, day=meeting.date)
    form = forms.DeclarationForm(request.POST or None, interests=interests)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.declaration_record(item=item, actor=request.user, **form.service_kwargs())
            messages.success(request, "Your declaration of interest is recorded")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading=f"Declare an interest in “{item.title}”", caption=str(meeting),
                      back=_meeting_url(meeting),
                      intro="Only you can record your own declaration. It appears in the meeting's record. "
                            "Keep your standing interests in your register of interests to pick them here.")


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    _manage_or_403(request.user, meeting.board)
    # a first draft from the record (present, apologies, declarations, decisions with votes) to edit
    draft = meeting.minutes or (selectors.minutes_draft_get(meeting=meeting)
                                if meeting.status == Meeting.Status.HELD else "")
    form = forms.MinutesForm(request.POST or None, initial={"minutes": draft})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.minutes_save(meeting=meeting, actor=request.user, text=form.cleaned_data["minutes"])
            messages.success(request, "Draft minutes saved. They are approved at the next meeting.")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading="Draft the minutes", caption=str(meeting), back=_meeting_url(meeting),
                      blocked="" if meeting.minutes_status != Meeting.MinutesStatus.APPROVED
                      else "These minutes were approved and cannot be changed.")


@login_required
@require_http_methods(["GET", "POST"])
def minutes_approve(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    _manage_or_403(request.user, meeting.board)
    page = selectors.meeting_page(meeting=meeting)
    form = forms.MinutesApproveForm(request.POST or None, meetings=page.pending_minutes)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.minutes_approve(meeting=form.chosen(), at_meeting=meeting, actor=request.user)
            messages.success(request, "Minutes approved. They are now on the area's public page.")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading="Approve the minutes of an earlier meeting", caption=str(meeting),
                      back=_meeting_url(meeting), template="boards/decision_form.html", quorum=page.quorum,
                      meeting=meeting, blocked="" if page.pending_minutes else
                      "No earlier meeting of this board has draft minutes waiting for approval.")


# ---------------------------------------------------------------------------
# the board member's view and calendar
# ---------------------------------------------------------------------------
@login_required
@require_safe
def mine(request):
    view = selectors.member_view(user=request.user)
    return render(request, "boards/mine.html", {"view": view, "today": selectors.today()})


@login_required
@require_http_methods(["GET", "POST"])
def notification_preference(request, board):
    """A member chooses how they are told of the board's new agendas and papers. A board the user
    cannot see is a 404; one they see but hold no seat on (its officers) a 403: the choice is the
    member's own."""
    board = selectors.board_get(user=request.user, pk=board)
    policy.require(request.user, "choose_notifications", board)
    current = selectors.notification_frequency_get(user=request.user, board=board)
    posted = request.method == "POST"
    form = forms.NotificationPreferenceForm(request.POST if posted else None, initial={"frequency": current})
    if posted and form.is_valid():
        with errors_on(form):
            services.notification_preference_set(board=board, actor=request.user,
                                                 frequency=form.cleaned_data["frequency"])
            messages.success(request, f"Your choice for the {board.name} has been saved")
            return redirect("boards:mine")
    return _form_page(request, form, heading="How you are told about new agendas and papers", caption=board.name,
                      back=reverse("boards:mine"))


@login_required
@require_safe
def calendar(request):
    token = services.calendar_token_get(user=request.user)
    seats = selectors.member_view(user=request.user).seats
    boards = {s.board_id: s.board for s in seats}.values()
    return render(request, "boards/calendar.html", {"token": token, "boards": list(boards)})


@login_required
@require_POST
def calendar_reset(request):
    policy.require(request.user, "reset_calendar", request.user)
    services.calendar_token_reset(user=request.user, actor=request.user)
    messages.success(request, "Your calendar address has been changed. Subscribe again with the new address.")
    return redirect("boards:calendar")


def _token_user(token):
    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        raise Http404("Unknown calendar address")
    return row.user


def _ics(meetings, name):
    response = HttpResponse(ical_for_meetings(meetings, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_safe
def calendar_feed(request, board, calendar_token):
    """A board's meetings, for the holder of the secret token (no session: calendar apps)."""
    user = _token_user(calendar_token)
    board = get_object_or_404(Board.objects.for_user(user), pk=board)
    return _ics(selectors.calendar_meeting_list(user=user, board=board), board.name)


@require_safe
def calendar_feed_all(request, calendar_token):
    user = _token_user(calendar_token)
    return _ics(selectors.calendar_meeting_list(user=user), "Children's Trust Board meetings")


# ---------------------------------------------------------------------------
# public pages (no sign-in)
# ---------------------------------------------------------------------------
@require_safe
def public_meetings(request, la_code):
    area = selectors.public_area_get(la_code)
    upcoming, minutes = selectors.public_meeting_list(area=area)
    return render(request, "boards/public_meetings.html", {"area": area, "upcoming": upcoming, "minutes": minutes,
                                                           "forward_plan": selectors.public_forward_plan_item_list(area=area)})


@require_safe
def public_minutes(request, la_code, meeting):
    area = selectors.public_area_get(la_code)
    meeting = selectors.public_minutes_get(area=area, pk=meeting)
    return render(request, "boards/public_minutes.html", {"area": area, "meeting": meeting})


def _record(request, la_code, meeting):
    area = selectors.public_area_get(la_code)
    meeting, items = selectors.public_record_get(area=area, pk=meeting)
    return {"area": area, "meeting": meeting, "items": items,
            "has_decisions": any(item.decisions.all() for item in items)}


@require_safe
def public_minutes_print(request, la_code, meeting):
    """Approved minutes on their own, for printing (the print stylesheet, no navigation)."""
    context = _record(request, la_code, meeting)
    m = context["meeting"]
    return render(request, "boards/record_print.html", {
        **context, "what": "the minutes", "title": f"Minutes: {m.board.name}, {long_date(m.date)}"})


@require_safe
def public_decisions_print(request, la_code, meeting):
    """The decisions of a meeting whose minutes are approved, for printing: each with its votes and quorum."""
    context = _record(request, la_code, meeting)
    m = context["meeting"]
    return render(request, "boards/record_print.html", {
        **context, "what": "the decisions", "title": f"Decisions: {m.board.name}, {long_date(m.date)}"})


@require_safe
def public_minutes_pdf(request, la_code, meeting):
    """Approved minutes as one tagged PDF/UA-1 (title and language from the template), the decisions
    after them; as the agenda pack is made. Draft minutes are never public: a 404."""
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    context = _record(request, la_code, meeting)
    m, area = context["meeting"], context["area"]
    html = render_to_string("boards/minutes_pdf.html", {
        **context, "title": f"Minutes: {m.board.name}, {long_date(m.date)}"}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{area.la_code}-{m.date:%Y-%m-%d}.pdf"'
    return response


# ---------------------------------------------------------------------------
# board business: agenda publication, apologies, the register of interests, actions
# ---------------------------------------------------------------------------
@login_required
@require_POST
def agenda_publish(request, meeting):
    """Publish the agenda and papers: an empty agenda is refused with the reason, nothing changed."""
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    policy.require(request.user, "publish_agenda", meeting)
    try:
        services.agenda_publish(meeting=meeting, actor=request.user)
    except NotPermitted:
        raise
    except SERVICE_ERRORS as exc:
        # the page as meeting_detail renders it (read lazily, inside its cached fragment, so the
        # fragment is stamped with the tables it read), with the error summary above it
        page = SimpleLazyObject(lambda: selectors.meeting_page(meeting=meeting, user=request.user))
        return render(request, "boards/meeting_detail.html", {
            "meeting": meeting, "board": meeting.board, "page": page, "quorum": SimpleLazyObject(lambda: page.quorum),
            "can_manage": True, "today": selectors.today(), "publish_error": error_message(exc),
        }, status=400)
    messages.success(request, "Agenda published. It is on the area's public meetings page with its papers.")
    return redirect(_meeting_url(meeting))


@login_required
@require_safe
def agenda_print(request, meeting):
    """The agenda on its own, for printing (a print stylesheet, no navigation)."""
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    items = selectors.agenda_item_list(meeting=meeting)
    return render(request, "boards/agenda_print.html", {"meeting": meeting, "items": items, "public": False})


@login_required
@require_http_methods(["GET", "POST"])
def apology_create(request, meeting):
    """A member sends their own apologies before the meeting starts."""
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    policy.require(request.user, "send_apologies", meeting)
    seat = selectors.meeting_seat_get(user=request.user, meeting=meeting)
    form = forms.ApologyForm(request.POST or None, substitute=seat.substitute_label if seat else "")
    blocked = ""
    if meeting.status == Meeting.Status.CANCELLED:
        blocked = "The meeting was cancelled: there is no need to send apologies."
    elif meeting.status == Meeting.Status.HELD or meeting.has_started:
        blocked = ("The meeting has started, so apologies can no longer be sent here. "
                   "Tell the board's officer, who records the attendance.")
    elif seat is not None and meeting.apologies.filter(seat=seat).exists():
        blocked = "You have already sent your apologies for this meeting."
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.apology_send(meeting=meeting, actor=request.user,
                                  with_substitute=form.cleaned_data["with_substitute"] == "yes")
            messages.success(request, "Your apologies have been sent to the board's officer")
            return redirect(_meeting_url(meeting))
    return _form_page(request, form, heading="Send your apologies", caption=str(meeting), back=_meeting_url(meeting),
                      blocked=blocked if request.method == "GET" else "",
                      intro=f"The meeting is on {meeting.date:%A %-d %B %Y} at {meeting.start_time:%H:%M}, "
                            f"{meeting.place}.")


@login_required
@require_safe
def interests(request):
    """The member's own standing register of interests."""
    policy.require(request.user, "keep_register", request.user)
    rows = selectors.registered_interest_list(user=request.user)
    return render(request, "boards/interests.html", {"rows": rows, "today": selectors.today(),
                                                     "review": selectors.interests_review_get(user=request.user)})


@login_required
@require_POST
def interests_reviewed(request):
    """The member confirms their register is complete and up to date (the yearly review)."""
    services.interests_review_confirm(actor=request.user)
    messages.success(request, "Your register of interests is reviewed: thank you")
    return redirect("boards:interests")


@login_required
@require_http_methods(["GET", "POST"])
def interest_create(request):
    policy.require(request.user, "keep_register", request.user)
    form = forms.RegisteredInterestForm(request.POST or None, initial={"start_on": selectors.today()})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.registered_interest_add(actor=request.user, **form.cleaned_data)
            messages.success(request, "The interest is in your register")
            return redirect("boards:interests")
    return _form_page(request, form, heading="Add an interest to your register", caption="Register of interests",
                      back=reverse("boards:interests"))


@login_required
@require_http_methods(["GET", "POST"])
def interest_end(request):
    """End one entry of the member's own register (``?interest=``; anyone else's is a 404)."""
    raw = request.POST.get("interest") if request.method == "POST" else request.GET.get("interest")
    if not (raw or "").isdigit() or len(raw) > 12:
        raise Http404("No such interest")
    interest = selectors.registered_interest_get(user=request.user, pk=int(raw))
    policy.require(request.user, "keep_register", interest)
    form = forms.InterestEndForm(request.POST or None, initial={"end_on": selectors.today()})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.registered_interest_end(interest=interest, actor=request.user, end_on=form.cleaned_data["end_on"])
            messages.success(request, "The interest has ended. It stays in your register")
            return redirect("boards:interests")
    # the entry travels in the form, not the URL: a register is the member's own, with no address of its own
    form.helper.form_action = reverse("boards:interest-end")
    form.helper.layout = Layout(Hidden("interest", str(interest.pk)), Field("end_on"))
    return _form_page(request, form, heading="End an interest", caption=interest.description[:80],
                      back=reverse("boards:interests"))


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    _manage_or_403(request.user, meeting.board)
    seats, _ = selectors.meeting_attendance_get(meeting)
    form = forms.ActionForm(request.POST or None, seats=seats)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.action_add(meeting=meeting, actor=request.user, **form.service_kwargs())
            messages.success(request, "Action added")
            return redirect(_meeting_url(meeting) + "#actions")
    return _form_page(request, form, heading="Add an action", caption=str(meeting), back=_meeting_url(meeting))


@login_required
@require_POST
def action_status(request, board_action):
    action = selectors.action_get(user=request.user, pk=board_action)
    _manage_or_403(request.user, action.meeting.board)
    form = forms.ActionStatusForm(request.POST)
    back = request.POST.get("next_meeting", "")
    target = (_meeting_url(action.meeting) if not back.isdigit() else
              reverse("boards:meeting-detail", kwargs={"meeting": int(back)}))
    if not form.is_valid():
        messages.error(request, form.errors["status"][0])
        return redirect(target + "#actions")
    with errors_as_message(request):
        services.action_status_set(action=action, actor=request.user, status=form.cleaned_data["status"])
        messages.success(request, f"Action marked as {Action.Status(form.cleaned_data['status']).label.lower()}")
    return redirect(target + "#actions")


@require_safe
def public_agenda(request, la_code, meeting):
    area = selectors.public_area_get(la_code)
    meeting, items = selectors.public_agenda_get(area=area, pk=meeting)
    return render(request, "boards/public_agenda.html", {"area": area, "meeting": meeting, "items": items})


@require_safe
def public_agenda_print(request, la_code, meeting):
    area = selectors.public_area_get(la_code)
    meeting, items = selectors.public_agenda_get(area=area, pk=meeting)
    return render(request, "boards/agenda_print.html", {"area": area, "meeting": meeting, "items": items,
                                                        "public": True})


@require_safe
def public_agenda_pdf(request, la_code, meeting):
    """The agenda pack: one tagged PDF/UA-1 of the agenda with each paper listed and linked
    (the papers stay their own files: they are not merged)."""
    from weasyprint import HTML  # heavy: loaded only when a pack is asked for

    area = selectors.public_area_get(la_code)
    meeting, items = selectors.public_agenda_get(area=area, pk=meeting)
    html = render_to_string("boards/agenda_pdf.html", {"area": area, "meeting": meeting, "items": items},
                            request=request)
    # title and language from the template's <title> and lang (Public Sector Bodies Accessibility Regulations 2018)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{area.la_code}-{meeting.date:%Y-%m-%d}.pdf"'
    return response


@require_safe
def public_paper(request, la_code, paper):
    area = selectors.public_area_get(la_code)
    paper = selectors.public_paper_get(area=area, pk=paper)
    return _download(paper.file, f"{paper.title[:80]}.{paper.extension}", paper.content_type)
