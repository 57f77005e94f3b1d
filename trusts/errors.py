"""One family of errors for every service, and one way for a view to show them.

Services refuse by raising a ``ServiceError`` whose message is written for the user in
GOV.UK words ("Only the area's council officers change the plan"). Nothing has changed
when a service raises (each runs in one transaction).

* ``NotPermitted``: the actor may not do this. ``hidden=True`` when the user may not
  know the object exists (another area's record): the page is a 404. Otherwise the
  page is a 403 that shows the message. ``trusts.middleware.ServiceErrorMiddleware``
  turns an uncaught ``NotPermitted`` into that page, so a view need not catch it.
* ``TransitionError``: a state change or edit refused (wrong status, bad dates...).
  A view catches it and shows it on its form with ``form_error(form, exc)``.
* ``StaleEdit``: somebody else saved the record after this user opened it.

``form_error`` also accepts Django's ``ValidationError`` (from ``full_clean``), so a view
has one ``except (ServiceError, ValidationError)`` and one line to show either.
"""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

__all__ = ["ServiceError", "NotPermitted", "TransitionError", "StaleEdit", "form_error"]


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
