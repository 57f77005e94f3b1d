from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_safe

from trusts import accounts, features, forms, selectors, services
from trusts.errors import errors_on
from trusts.models import Area
from trusts.permissions import policy as trusts_policy
from trusts.scoping import area_for_user_or_404


@require_safe
def home(request):
    """A home page per role."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "trusts/start.html")
    from trusts.notices.selectors import notification_list

    areas = list(selectors.area_list(user=user)[:50]) if not user.is_steward else []
    context = {"areas": areas, "notifications": notification_list(user=user, limit=10)}
    if user.is_steward:
        context["area_count"] = Area.objects.count()
        return render(request, "trusts/home_steward.html", context)
    if user.is_officer and len(areas) == 1:
        return render(request, "trusts/area_detail.html",
                      {**context, **_area_context(areas[0], user), "is_home": True})
    return render(request, "trusts/home.html", {**context, "home_panels": features.home_panels(user)})


def _area_context(area, user):
    from trusts.models import Direction, FrameworkChange

    framework = area.effective_framework()
    directions = list(area.directions.exclude(status=Direction.Status.CLOSED).order_by("due_by")[:10])
    scheduled = (
        FrameworkChange.objects.filter(applied_at__isnull=True)
        .filter(Q(all_areas=True) | Q(areas=area)).order_by("effective_on").first()
    )
    return {
        "directions": directions,
        "scheduled_change": scheduled,
        "area": area,
        "framework": framework,
        "framework_chosen": bool(area.framework),
        "today": selectors.today(),
        "can_edit": trusts_policy.can(user, "edit", area),
        "area_cards": features.area_cards(),
    }


@require_safe
@login_required
def area_detail(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    return render(request, "trusts/area_detail.html", _area_context(area, request.user))


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(request, la_code):
    """Only the area's own officers change it (others who see the area: 403; others: 404)."""
    area = area_for_user_or_404(request.user, la_code)
    trusts_policy.require(request.user, "edit", area)
    form = forms.AreaContactsForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.area_contacts_update(area=area, actor=request.user,
                                          **{name: form.cleaned_data[name] for name in form.Meta.fields})
            messages.success(request, "Area details saved")
            return redirect("trusts:area-detail", la_code=area.la_code)
    return render(request, "trusts/area_edit.html", {"area": area, "form": form})


@require_safe
@login_required
def area_history(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    return render(request, "trusts/area_history.html", {"area": area, "rows": selectors.area_history_list(area=area)})


@require_safe
@login_required
def account(request):
    return render(request, "trusts/account.html")


@require_safe
def signed_out(request):
    return render(request, "registration/signed_out.html")


# -- the pages every public service has, linked from the footer and open to everyone ---------

def _duration(seconds):
    """A cookie's lifetime in words: 28800 -> "8 hours", 31449600 -> "52 weeks"."""
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


@require_safe
def accessibility_statement(request):
    return render(request, "trusts/accessibility_statement.html")


@require_safe
def privacy_notice(request):
    return render(request, "trusts/privacy_notice.html", {
        "session_lifetime": _duration(settings.SESSION_COOKIE_AGE),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "ip_failure_limit": settings.SIGN_IN_IP_FAILURE_LIMIT,
        "ip_window": _duration(settings.SIGN_IN_IP_WINDOW),
    })


@require_safe
def cookies(request):
    from django.contrib.messages.storage.cookie import CookieStorage

    # the names and lifetimes are read from the settings, so the page cannot drift from them
    return render(request, "trusts/cookies.html", {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_lifetime": _duration(settings.SESSION_COOKIE_AGE),
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_lifetime": _duration(settings.CSRF_COOKIE_AGE),
        "csrf_in_session": settings.CSRF_USE_SESSIONS,
        # messages ("Area details saved") ride in a cookie unless the settings keep them in the session
        "messages_cookie": CookieStorage.cookie_name
        if settings.MESSAGE_STORAGE.endswith((".FallbackStorage", ".CookieStorage")) else "",
    })


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("trusts:signed-out")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    template_name = "registration/form_page.html"
    success_url = reverse_lazy("trusts:password-change-done")
    extra_context = {"page_heading": "Change your password"}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/message_page.html"
    extra_context = {"page_heading": "Your password has been changed"}


class PasswordResetView(auth_views.PasswordResetView):
    """Queues the look-up and the e-mail for a worker (trusts.accounts): the page answers the
    same, in the same time, whether or not the address has an account."""

    form_class = forms.PasswordResetForm
    template_name = "registration/form_page.html"
    success_url = reverse_lazy("trusts:password-reset-done")
    extra_context = {
        "page_heading": "Reset your password",
        "page_lead": "Enter the email address you sign in with. We will send you a link to set a new password.",
    }

    def form_valid(self, form):
        accounts.password_reset_request(email=form.cleaned_data["email"])
        return redirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/message_page.html"
    extra_context = {
        "page_heading": "Check your email",
        "page_lead": "If that address has an account, we have sent it a link to reset the password. "
                     "The link works once and expires in 3 days.",
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("trusts:password-reset-complete")

    def get_user(self, uidb64):
        # a closed account's links never work, even one sent before it was closed
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


class InvitationAcceptView(PasswordResetConfirmView):
    """The invitation's set-password page: single use, expiring, signs the person in."""

    template_name = "registration/set_password.html"
    token_generator = accounts.invitation_token_generator
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("trusts:home")
    extra_context = {"invitation_days": settings.ACCOUNT_INVITATION_DAYS}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been set and you are signed in")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/message_page.html"
    extra_context = {"page_heading": "Your password has been reset", "sign_in_link": True}


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    # a PermissionDenied or NotPermitted message is written for the user (trusts.errors)
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def error_500(request):
    # No request context: the failure may be the database itself, and the context
    # processors (the navigation needs request.user, so the session) would fail again.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
