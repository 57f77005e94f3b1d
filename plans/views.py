"""Thin views: scope, form, service or selector, render.

Every area record is read through ``for_user``: another area's plan is a 404. What the
user may then see or do is the plan policy's answer (``plans.permissions.policy``): a
version the user may not open, or a change only the area's officers make, is a 403 that
says who may (``NotPermitted``, turned into the page by ``ServiceErrorMiddleware``). The
services ask the policy again where they write. Read-only pages refuse POST (405).
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans import forms, selectors, services
from plans.completeness import completeness_check
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanApproval,
    PlanReview,
    PlanVersion,
    Priority,
)
from plans.permissions import policy
from plans.tokens import LinkInvalid, agreement_token_read
from pooling.models import Outcome
from trusts import pagecache
from trusts.dates import long_date
from trusts.errors import SERVICE_ERRORS, NotPermitted, StaleEdit, errors_as_message, errors_on, form_error
from trusts.models import Area
from trusts.scoping import area_for_user_or_404

S = PlanVersion.Status


def _version(request, la_code, version, action="view_version"):
    """The area and version (404 for another area's), if the policy lets the user do ``action``."""
    area = area_for_user_or_404(request.user, la_code)
    version = get_object_or_404(PlanVersion.objects.for_user(request.user).select_related("area"),
                                number=version, area=area)
    policy.require(request.user, action, version)
    return area, version


def _version_url(version):
    return reverse("plans:version-detail", kwargs={"la_code": version.area.la_code, "version": version.number})


def _site_url(request):
    return request.build_absolute_uri("/")


# ---------------------------------------------------------------------------
# overview, plan page, tasks, history
# ---------------------------------------------------------------------------
@login_required
@require_safe
def overview(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    policy.require(request.user, "view_plan", area)
    versions = selectors.version_list(area=area, user=request.user)  # only what the user may open
    open_version, published = selectors.current_versions_get(area=area, versions=versions)
    reviews = selectors.review_list(published) if published else []
    return render(request, "plans/overview.html", {
        "area": area, "versions": versions, "open_version": open_version, "published": published,
        "reviews": reviews, "is_officer": policy.can(request.user, "change_plan", area),
        "compliance": selectors.plan_compliance_get(area=area, published=published, reviews=reviews),
        "interval": services.review_interval(area),
    })


@login_required
@require_POST
def version_create(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    policy.require(request.user, "change_plan", area)
    with errors_as_message(request):
        version = services.plan_version_create(area=area, actor=request.user)
        messages.success(request, f"Version {version.number} started as a draft")
        return redirect(_version_url(version))
    return redirect("plans:overview", la_code=area.la_code)


@login_required
@require_safe
def version_detail(request, la_code, version):
    area, version = _version(request, la_code, version)
    return render(request, "plans/version_detail.html", selectors.version_page(version=version, user=request.user))


@login_required
@require_safe
def version_answers(request, la_code, version):
    """Every partner asked in the current round, with its answer and how it came (filtered, paginated)."""
    area, version = _version(request, la_code, version)
    context = pagecache.lazy_context(lambda: selectors.answers_page(version=version, user=request.user,
                                                                    params=request.GET), selectors.ANSWERS_PAGE_NAMES)
    context.update(area=area, version=version, show="log" if request.GET.get("show") == "log" else "partners",
                   is_officer=policy.can(request.user, "change_plan", version),
                   query=sorted(request.GET.lists()), title_error=selectors.answers_title_error(request.GET))
    return render(request, "plans/version_answers.html", context)


@login_required
@require_safe
def version_tasks(request, la_code, version):
    area, version = _version(request, la_code, version)
    return render(request, "plans/tasks.html", {"area": area, "version": version,
                                                "check": completeness_check(version),
                                                "is_officer": policy.can(request.user, "change_plan", version)})


@login_required
@require_safe
def version_history(request, la_code, version):
    area, version = _version(request, la_code, version)
    rows = []
    for model, label in ((PlanVersion, "Plan"), (Priority, "Priority"), (Action, "Action"),
                         (GapAction, "Key action"), (Consultee, "Consulted"), (PartnerSpend, "Spend")):
        history = model.history.select_related("history_user")
        if model is PlanVersion:
            history = history.filter(id=version.pk)
        elif model is Action:
            history = history.filter(priority_id__in=Priority.history.filter(version_id=version.pk).values("id"))
        else:
            history = history.filter(version_id=version.pk)
        for h in history.order_by("-history_date")[:200]:
            rows.append({"when": h.history_date, "who": h.history_user, "what": label,
                         "type": h.get_history_type_display(), "text": str(h.instance)[:120]})
    rows.sort(key=lambda r: r["when"], reverse=True)
    return render(request, "plans/history.html", {"area": area, "version": version, "rows": rows[:300]})


# ---------------------------------------------------------------------------
# editing content (officers; draft or consultation only)
# ---------------------------------------------------------------------------
def _edit_page(request, *, area, version, form, title, on_save, instance=None, can_delete=False, caption=""):
    """The shared flow: a stale or refused save keeps what was typed and says why."""
    delete = None
    if request.method == "POST" and "delete" in request.POST and can_delete:
        # the lock_version is parsed by a form like every other number (a bad one is an error, not a 500)
        delete = forms.DeleteForm(request.POST)
        if delete.is_valid():
            with errors_on(delete):
                services.plan_row_delete(version=version, actor=request.user,
                                         lock_version=delete.cleaned_data["lock_version"], row=instance)
                messages.success(request, f"{title} deleted")
                return redirect(_version_url(version))
    elif request.method == "POST" and form.is_valid():
        try:
            on_save(form)
        except StaleEdit as exc:
            form_error(form, exc)
            # the next save is made against what is there now, knowingly
            version.refresh_from_db()
            data = form.data.copy()
            data["lock_version"] = version.lock_version
            form.data = data
        except NotPermitted:
            raise
        except SERVICE_ERRORS as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"{title} saved")
            return redirect(_version_url(version))
    if not version.is_editable and request.method == "GET":
        messages.info(request, f"Version {version.number} is {version.get_status_display().lower()}: "
                               "it cannot be changed.")
    return render(request, "plans/form_page.html", {
        "area": area, "version": version, "form": form, "heading": title, "caption": caption or
        f"{version.title}, version {version.number}", "can_delete": can_delete and instance is not None,
        "back": _version_url(version), "delete_form": delete,
    })


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, la_code, version, section):
    area, version = _version(request, la_code, version, "change_plan")
    if section not in forms.SECTIONS:
        raise Http404("No such section")
    title = forms.SECTIONS[section][0]
    # a bound form is not tied to the instance: the service makes the change, under the lock
    form = forms.SectionForm(request.POST or None, instance=None if request.method == "POST" else version,
                             section=section, lock_version=version.lock_version)

    def save(f):
        services.plan_content_update(version=version, actor=request.user,
                                     lock_version=f.cleaned_data.get("lock_version"),
                                     **{k: v for k, v in f.cleaned_data.items() if k != "lock_version"})

    return _edit_page(request, area=area, version=version, form=form, title=title, on_save=save)


def _row_view(request, la_code, version, *, model, form_class, title, pk=None, lookup="version", extra=None,
              needs_area=True, initial=None):
    area, version = _version(request, la_code, version, "change_plan")
    instance = None
    if pk is not None:
        filters = {"pk": pk, **({"priority__version": version} if lookup == "priority" else {"version": version})}
        instance = get_object_or_404(model.objects.for_user(request.user), **filters)
    kwargs = {"area": area} if needs_area else {}
    form = form_class(request.POST if request.method == "POST" and "delete" not in request.POST else None,
                      instance=instance, lock_version=version.lock_version, initial=initial, **kwargs)

    def save(f):
        row = f.save(commit=False)
        if lookup == "version":
            row.version_id = version.pk  # the URL names the version by its number, the row by its id
        for name, value in (extra or {}).items():
            setattr(row, name, value)
        services.plan_row_save(version=version, actor=request.user, lock_version=f.cleaned_data.get("lock_version"),
                               row=row)

    return _edit_page(request, area=area, version=version, form=form, title=title, on_save=save, instance=instance,
                      can_delete=instance is not None)


@login_required
@require_http_methods(["GET", "POST"])
def priority_edit(request, la_code, version, priority=None):
    initial = {"outcome": request.GET.get("outcome")} if request.GET.get("outcome") in Outcome.values else None
    return _row_view(request, la_code, version, model=Priority, form_class=forms.PriorityForm, title="Priority",
                     pk=priority, needs_area=False, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request, la_code, version, priority):
    _area, v = _version(request, la_code, version, "change_plan")
    parent = get_object_or_404(Priority.objects.for_user(request.user), pk=priority, version=v)
    return _row_view(request, la_code, version, model=Action, form_class=forms.ActionForm,
                     title=f"Action for: {parent.title}", extra={"priority": parent})


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, la_code, version, action):
    return _row_view(request, la_code, version, model=Action, form_class=forms.ActionForm, title="Action", pk=action,
                     lookup="priority")


@login_required
@require_http_methods(["GET", "POST"])
def gap_edit(request, la_code, version, gap=None):
    return _row_view(request, la_code, version, model=GapAction, form_class=forms.GapActionForm,
                     title="Key action to fill a gap", pk=gap)


@login_required
@require_http_methods(["GET", "POST"])
def consultee_edit(request, la_code, version, consultee=None):
    return _row_view(request, la_code, version, model=Consultee, form_class=forms.ConsulteeForm,
                     title="Who was consulted", pk=consultee)


@login_required
@require_http_methods(["GET", "POST"])
def spend_edit(request, la_code, version, spend=None):
    return _row_view(request, la_code, version, model=PartnerSpend, form_class=forms.SpendForm,
                     title="A partner's spend", pk=spend)


# ---------------------------------------------------------------------------
# status changes (officers)
# ---------------------------------------------------------------------------
STATUS_ACTIONS = {
    "consultation": ("Send out for consultation", services.plan_consultation_start),
    "agreement": ("Send to partners to agree", services.plan_agreement_start),
    "draft": ("Take back to draft", services.plan_return_to_draft),
}


@login_required
@require_http_methods(["GET", "POST"])
def version_status(request, la_code, version):
    area, version = _version(request, la_code, version, "change_plan")
    action = request.POST.get("action") or request.GET.get("action") or "consultation"
    if action not in STATUS_ACTIONS:
        raise Http404("No such action")
    label, service = STATUS_ACTIONS[action]
    if action == "agreement":
        form = forms.AgreementStartForm(request.POST or None, initial={
            "action": action, "due_on": version.agreement_due_on if version.status == S.AGREEMENT
            else services.agreement_due_default()})
    else:
        form = forms.TransitionForm(request.POST or None, initial={"action": action})
    form.helper.inputs[0].value = label
    # an incomplete plan is not offered to partners: the page lists the problems once, with no button
    check = completeness_check(version) if action == "agreement" else None
    if request.method == "POST" and check is not None and not check.complete:
        # its fields are not shown: the service's one-sentence refusal goes at the top, nothing beside a field
        form = forms.TransitionForm({"action": action, "comment": ""})
    if request.method == "POST" and form.is_valid():
        kwargs = {"version": version, "actor": request.user, "comment": form.cleaned_data["comment"]}
        if action == "agreement":
            kwargs["site_url"] = _site_url(request)
            kwargs["due_on"] = form.cleaned_data.get("due_on")
        with errors_on(form):
            service(**kwargs)
            messages.success(request, f"Version {version.number}: {label.lower()} – done")
            return redirect(_version_url(version))
    return render(request, "plans/status_confirm.html", {"area": area, "version": version, "form": form,
                                                         "label": label, "action": action, "check": check})


# ---------------------------------------------------------------------------
# agreement by partner contacts
# ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def agreement_respond(request, la_code, agreement):
    """A partner contact's answer for their organisation. Anyone else learns nothing about the
    request: a 404 unless they may know it exists, and a refusal never names the partner."""
    area = area_for_user_or_404(request.user, la_code)
    req = get_object_or_404(AgreementRequest.objects.for_user(request.user).select_related("partner", "version"),
                            pk=agreement, version__area=area)
    policy.require(request.user, "answer_agreement", req)
    form = forms.AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.agreement_respond(request=req, actor=request.user, decision=form.cleaned_data["decision"],
                                       reasons=form.cleaned_data["reasons"])
            messages.success(request, f"{req.partner.name}'s answer has been recorded")
            return redirect(_version_url(req.version))
    history = list(req.responses.select_related("actor").order_by("-at"))
    return render(request, "plans/agreement_respond.html", {"area": area, "req": req, "version": req.version,
                                                            "form": form, "history": history})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_record(request, la_code, agreement):
    """An officer records a partner's answer that came by letter, e-mail or at a meeting."""
    area = area_for_user_or_404(request.user, la_code)
    req = get_object_or_404(AgreementRequest.objects.for_user(request.user).select_related("partner", "version"),
                            pk=agreement, version__area=area)
    policy.require(request.user, "record_agreement", req)
    form = forms.AgreementRecordForm(request.POST or None, request.FILES or None,
                                     asked_on=timezone.localdate(req.asked_at))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on(form):
            services.agreement_record(request=req, actor=request.user, decision=data["decision"],
                                      reasons=data["reasons"], received_on=data["received_on"],
                                      channel=data["channel"], note=data["note"], document=data.get("document"))
            messages.success(request, f"{req.partner.name}'s answer has been recorded")
            return redirect(_version_url(req.version) + "#agreement")
    history = list(req.responses.select_related("actor").order_by("-at"))
    return render(request, "plans/agreement_record.html", {"area": area, "req": req, "version": req.version,
                                                           "form": form, "history": history})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_represent(request, la_code, version, seat):
    """The holder of a board seat answers for the partners it represents (para 45; s12A(5)).

    Another area's version or seat is a 404; anyone but the seat's holder a 403 that says who may."""
    from boards.models import Seat
    from plans.permissions import SeatForVersion
    from plans.representation import seat_summary

    # a representative reads the version while it is with partners (plans.permissions)
    area, version = _version(request, la_code, version)
    seat = get_object_or_404(Seat.objects.for_area(area).select_related("board", "person", "partner")
                             .prefetch_related("board__joint_areas"), pk=seat)
    policy.require(request.user, "answer_for_represented", SeatForVersion(seat, version))
    form = forms.AgreementRepresentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            count = services.agreement_represent(version=version, seat=seat, actor=request.user,
                                                 decision=form.cleaned_data["decision"],
                                                 reasons=form.cleaned_data["reasons"])
            verb = "agreed" if form.cleaned_data["decision"] == AgreementResponse.Decision.AGREE else "objected"
            messages.success(request, f"You have {verb} for {count} partner{'s' if count != 1 else ''} this seat "
                                      "represents")
            return redirect(request.path)
    summary = seat_summary(seat, version) if version.status == S.AGREEMENT else None
    return render(request, "plans/agreement_represent.html", {
        "area": area, "version": version, "seat": seat, "summary": summary, "form": form})


@login_required
@require_safe
def agreement_document(request, la_code, answer):
    """The letter or e-mail behind an answer an officer recorded: always a download, never shown inline."""
    from django.http import FileResponse

    area = area_for_user_or_404(request.user, la_code)
    response = get_object_or_404(AgreementResponse.objects.select_related("request__version", "request__partner")
                                 .exclude(document=""), pk=answer, request__version__area=area)
    policy.require(request.user, "download_answer_document", response)
    try:
        handle = response.document.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The document's file is missing") from None
    extension = response.document.name.rsplit(".", 1)[-1]
    name = f"{response.request.partner.name[:80]} answer.{extension}"
    result = FileResponse(handle, as_attachment=True, filename=name, content_type=response.document_type)
    result["X-Content-Type-Options"] = "nosniff"
    result["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return result


@login_required
@require_POST
def version_chase(request, la_code, version):
    """Officers: remind every partner that has not agreed, in one action (once a day at most)."""
    area, version = _version(request, la_code, version, "change_plan")
    with errors_as_message(request):
        partners, queued = services.agreement_chase(version=version, actor=request.user, site_url=_site_url(request))
        if queued:
            messages.success(request, f"Reminders sent to {partners} partner{'s' if partners != 1 else ''} that "
                                      f"have not agreed ({queued} e-mail{'s' if queued != 1 else ''})")
        else:
            messages.info(request, "Every outstanding partner has already been reminded today: nothing new was sent")
    return redirect(_version_url(version) + "#agreement")


@require_http_methods(["GET", "POST"])
def agreement_answer(request, answer_token):
    """The link in the request e-mail: no sign-in, signed, single-use, expiring."""
    try:
        req, user = agreement_token_read(answer_token)
    except LinkInvalid as exc:
        return render(request, "plans/message.html", {"heading": "This link does not work", "message": str(exc),
                                                      "sign_in": True}, status=400)
    form = forms.AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.agreement_respond(request=req, actor=request.user, decision=form.cleaned_data["decision"],
                                       reasons=form.cleaned_data["reasons"], via=AgreementResponse.Via.EMAIL,
                                       token_user=user)
            return render(request, "plans/message.html", {
                "heading": "Your answer has been recorded", "success": True,
                "message": f"Thank you. {req.partner.name}'s answer to version {req.version.number} of the "
                           f"{req.version.area.name} plan has been recorded. This link no longer works."})
    return render(request, "plans/agreement_answer.html", {"req": req, "version": req.version, "form": form,
                                                           "contact": user})


# ---------------------------------------------------------------------------
# board approval
# ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def board_submit(request, la_code, version):
    area, version = _version(request, la_code, version, "change_plan")
    form = forms.BoardSubmitForm(request.POST or None, meetings=selectors.approval_meeting_list(area=area))
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.plan_board_submit(version=version, meeting=form.cleaned_data["meeting"], actor=request.user)
            messages.success(request, f"Version {version.number} is on the agenda of the meeting")
            return redirect(_version_url(version))
    agreed, total, outstanding = selectors.agreement_tally_get(version)
    return render(request, "plans/form_page.html", {
        "area": area, "version": version, "form": form, "heading": "Put the plan on a board meeting's agenda",
        "caption": f"{version.title}, version {version.number}", "back": _version_url(version),
        "lead": f"{agreed} of {total} relevant partners have agreed this version. The board approves or rejects "
                "it at a quorate meeting."})


@login_required
@require_http_methods(["GET", "POST"])
def approval_decide(request, la_code, approval):
    from boards.services import meeting_quorum

    area = area_for_user_or_404(request.user, la_code)
    approval = get_object_or_404(PlanApproval.objects.for_user(request.user)
                                 .select_related("version__area", "meeting__board", "decided_by"),
                                 pk=approval, version__area=area)
    policy.require(request.user, "decide_approval", approval)
    meeting = approval.meeting
    quorum = meeting_quorum(meeting)
    form = forms.DecisionForm(request.POST or None) if approval.outcome == PlanApproval.Outcome.PENDING else None
    if request.method == "POST" and form is not None and form.is_valid():
        with errors_on(form):
            services.plan_board_decide(approval=approval, actor=request.user, decision=form.cleaned_data["decision"],
                                       reasons=form.cleaned_data["reasons"])
            approved = form.cleaned_data["decision"] == "approve"
            messages.success(request, f"Version {approval.version.number} "
                                      f"{'approved and published' if approved else 'rejected and returned to draft'}")
            return redirect(_version_url(approval.version))
    return render(request, "plans/approval_decide.html", {
        "area": area, "approval": approval, "version": approval.version, "meeting": meeting, "quorum": quorum,
        "form": form})


# ---------------------------------------------------------------------------
# annual review, settings
# ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def review_add(request, la_code, version):
    area, version = _version(request, la_code, version, "change_plan")
    if version.status != S.PUBLISHED:
        return render(request, "plans/message.html", {
            "heading": "Only the published plan is reviewed", "area": area,
            "message": f"Version {version.number} is {version.get_status_display().lower()}. The annual review is "
                       "of the published plan, in each year a new plan is not published."})
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            review = services.plan_review_record(
                version=version, actor=request.user, reviewed_on=form.cleaned_data["reviewed_on"],
                needs_assessment_update=form.cleaned_data["needs_assessment_update"], progress=form.progress())
            messages.success(request, "Annual review saved. Record the date the board notes it.")
            return redirect("plans:review-detail", la_code=area.la_code, review=review.pk)
    return render(request, "plans/form_page.html", {
        "area": area, "version": version, "form": form, "heading": "Record the annual review",
        "caption": f"{version.title}, version {version.number}",
        "lead": f"Due by {long_date(version.review_due_on)}." if version.review_due_on else "",
        "back": _version_url(version)})


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, la_code, review):
    area = area_for_user_or_404(request.user, la_code)
    review = get_object_or_404(PlanReview.objects.for_user(request.user).select_related("version", "created_by"),
                               pk=review, version__area=area)
    policy.require(request.user, "view_review", review)
    if request.method == "POST":
        policy.require(request.user, "change_plan", review)
    is_officer = policy.can(request.user, "change_plan", review)
    form = forms.ReviewNoteForm(request.POST or None) if is_officer and not review.noted_on else None
    if request.method == "POST" and form is not None and form.is_valid():
        with errors_on(form):
            services.plan_review_note(review=review, actor=request.user, noted_on=form.cleaned_data["noted_on"])
            messages.success(request, "The date the board noted the review has been recorded")
            return redirect("plans:review-detail", la_code=area.la_code, review=review.pk)
    progress = selectors.review_list(review.version)
    review = next(r for r in progress if r.pk == review.pk)
    return render(request, "plans/review_detail.html", {"area": area, "review": review, "version": review.version,
                                                        "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_settings(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    policy.require(request.user, "change_plan", area)
    current = services.review_interval(area)
    form = forms.SettingsForm(request.POST or None, initial={"review_interval_months": current})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.plan_settings_update(area=area, actor=request.user,
                                          review_interval_months=form.cleaned_data["review_interval_months"])
            messages.success(request, "Plan settings saved")
            return redirect("plans:overview", la_code=area.la_code)
    return render(request, "plans/form_page.html", {
        "area": area, "form": form, "heading": "Plan settings", "caption": area.name,
        "back": reverse("plans:overview", kwargs={"la_code": area.la_code})})


# ---------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------
@login_required
@require_safe
def compare(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    policy.require(request.user, "view_plan", area)
    versions = policy.visible(request.user).filter(area=area).order_by("-number")
    form = forms.CompareForm(request.GET or None, versions=versions)
    diffs = a = b = None
    if form.is_bound and form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        diffs = selectors.section_diff_list(a, b)
    elif not form.is_bound:
        listed = list(versions[:2])
        if len(listed) == 2:
            form = forms.CompareForm({"a": listed[1].pk, "b": listed[0].pk}, versions=versions)
            form.is_valid()
            a, b = listed[1], listed[0]
            diffs = selectors.section_diff_list(a, b)
    return render(request, "plans/compare.html", {"area": area, "form": form, "diffs": diffs, "a": a, "b": b})


# ---------------------------------------------------------------------------
# public page and PDF (no sign-in; only the published version)
# ---------------------------------------------------------------------------
def _public_context(area_code):
    area = get_object_or_404(Area, la_code=area_code)
    version = get_object_or_404(PlanVersion.objects.select_related("area"), area=area, status=S.PUBLISHED)
    reviews = selectors.review_list(version, noted_only=True)
    return {"area": area, "version": version, "content": selectors.plan_content_get(version), "reviews": reviews,
            "compliance": selectors.plan_compliance_get(area=area, published=version, reviews=reviews),
            "public": True}


def _public_cache_key(area, kind):
    """A key that changes whenever what the public sees changes: the published version
    (and its last change) and the reviews noted on it. None: nothing is published."""
    from django.db.models import Count, Max

    row = (PlanVersion.objects.filter(area__la_code=area, status=PlanVersion.Status.PUBLISHED)
           .values("pk", "updated_at").first())
    if row is None:
        return None
    reviews = PlanReview.objects.filter(version_id=row["pk"], noted_on__isnull=False).aggregate(
        n=Count("pk"), last=Max("created_at"))
    last = reviews["last"].timestamp() if reviews["last"] else 0
    return f"plans:public:{kind}:{area}:{row['pk']}:{row['updated_at'].timestamp()}:{reviews['n']}:{last}"


def _cached_public(request, la_code, kind, build):
    """Public pages are read far more than they change: keep them for PUBLIC_PAGE_CACHE_SECONDS.
    HTML is cached for visitors who are not signed in (the header differs for those who are)."""
    seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)
    if not seconds or (kind == "html" and request.user.is_authenticated):
        return build()
    key = _public_cache_key(la_code, kind)
    if key is None:
        return build()
    try:
        cached = cache.get(key)
    except Exception:  # the cache is an optimisation; an outage must not break the page
        cached = None
    if cached is not None:
        content, content_type, disposition = cached
        response = HttpResponse(content, content_type=content_type)
        if disposition:
            response["Content-Disposition"] = disposition
        return response
    response = build()
    if response.status_code == 200:
        try:
            cache.set(key, (response.content, response["Content-Type"], response.get("Content-Disposition", "")),
                      seconds)
        except Exception:
            pass
    return response


@require_safe
def public_plan(request, la_code):
    return _cached_public(request, la_code, "html",
                          lambda: render(request, "plans/public.html", _public_context(la_code)))


@require_safe
def public_pdf(request, la_code):
    def build():
        from weasyprint import HTML

        context = _public_context(la_code)
        html = render_to_string("plans/pdf.html", context, request=request)
        # A tagged PDF/UA-1 document (headings, lists and tables in its structure tree; title and
        # language from pdf.html's <title> and lang): public-sector documents must be accessible
        # (Public Sector Bodies Accessibility Regulations 2018).
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1")
        response = HttpResponse(pdf, content_type="application/pdf")
        version = context["version"]
        response["Content-Disposition"] = (f'inline; filename="cypp-{context["area"].la_code}-v{version.number}.pdf"')
        return response

    return _cached_public(request, la_code, "pdf", build)
