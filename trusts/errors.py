"""One family of errors for every service, and one way for a view to show them.

Services refuse by raising a ``ServiceError`` whose message is written for the user in
GOV.UK words ("Only the area's council officers change the plan"). Nothing has changed
when a service raises (each runs in one transaction).

* ``NotPermitted``: the actor may not do this. ``hidden=True`` when the user may not
  know the object exists (another area's record): the page is a 404. Otherwise the
  page is a 403 that shows the message. ``trusts.middleware.ServiceErrorMiddleware``
  turns an uncaught ``NotPermitted`` into that page, so a view need not catch it.
* ``TransitionError``: a state change or edit refused (wrong status, bad dates...).
  A view shows it on its form: ``with errors_on(form):`` around the service call and
  the redirect that follows success (``form_error(form, exc)`` where a view needs more);
  a button with no form of its own: ``with errors_as_message(request):``.
* ``StaleEdit``: somebody else saved the record after this user opened it.

``form_error`` also accepts Django's ``ValidationError`` (from ``full_clean``), so one
helper shows either.
"""
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

__all__ = ["ServiceError", "NotPermitted", "TransitionError", "StaleEdit", "SERVICE_ERRORS", "errors_on",
           "errors_as_message", "error_message", "form_error"]


class ServiceError(Exception):
    """A refusal with a message for the user. Nothing was changed."""

    def __init__(self, message="", *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs to, when there is one

    def __str__(self):
        return self.message


class NotPermitted(ServiceError):
    """The actor may not do this. ``hidden``: answer 404, the user may not know it exists."""

    def __init__(self, message="You cannot do that", *, hidden=False, field=None):
        super().__init__(message, field=field)
        self.hidden = hidden


class TransitionError(ServiceError):
    """A refused state change or edit; the message tells the user why."""


class StaleEdit(TransitionError):
    """Someone else saved the record after this user opened it."""


def form_error(form, exc):
    """Put a service's refusal (or a model ``ValidationError``) on the form.

    A message for a field the form has goes beside that field; anything else goes at
    the top (the GOV.UK error summary lists both). Returns the form.
    """
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error.messages[0] if hasattr(error, "messages") else error)
        else:
            for message in exc.messages:
                form.add_error(None, message)
        return form
    field = getattr(exc, "field", None)
    if field == NON_FIELD_ERRORS or field not in form.fields:
        field = None
    form.add_error(field, str(exc))
    return form


# what a service refuses with: its own family, or a model's full_clean()
SERVICE_ERRORS = (ServiceError, ValidationError)


@contextmanager
def errors_on(form):
    """Run a service call; a refusal goes on ``form`` and the view renders the form again.

    Put the success path (message, redirect) inside the block: it is skipped when the
    service refuses. ``NotPermitted`` passes through: it is a 404 or a 403 page
    (``ServiceErrorMiddleware``), never a form error::

        with errors_on(form):
            services.board_update(board=board, actor=request.user, **form.service_kwargs())
            messages.success(request, "Board details saved")
            return redirect(_board_url(board))
        return render(...)  # the form with the error
    """
    try:
        yield form
    except NotPermitted:
        raise
    except SERVICE_ERRORS as exc:
        form_error(form, exc)


@contextmanager
def errors_as_message(request):
    """``errors_on`` for a button with no form (send again, close, publish): a refusal is shown
    as an error message on the page the view redirects to. ``NotPermitted`` passes through."""
    try:
        yield
    except NotPermitted:
        raise
    except SERVICE_ERRORS as exc:
        messages.error(request, error_message(exc))


def error_message(exc):
    """A refusal as one sentence, for a page that has no form to show it on (a flash message)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
