"""The pieces every app shares, written once in the core: the service-error-to-form helper,
the audit helper, the long date and the status tag."""
import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory

from trusts.audit import audited
from trusts.dates import long_date
from trusts.errors import NotPermitted, TransitionError, error_message, errors_as_message, errors_on
from trusts.templatetags.status_tags import tag_colour


class NameForm(forms.Form):
    name = forms.CharField()


def _bound():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_errors_on_puts_a_field_message_beside_its_field_and_skips_the_success_path():
    def refuse():
        raise TransitionError("Enter a name that is not taken", field="name")

    form, reached = _bound(), []
    with errors_on(form):
        refuse()
        reached.append(True)
    assert form.errors == {"name": ["Enter a name that is not taken"]}
    assert reached == []


def test_errors_on_puts_a_message_for_no_field_at_the_top():
    form = _bound()
    with errors_on(form):
        raise TransitionError("Only a draft can be sent", field="no_such_field")
    assert form.non_field_errors() == ["Only a draft can be sent"]
    assert "name" not in form.errors


def test_errors_on_shows_a_model_validation_error_by_field():
    form = _bound()
    with errors_on(form):
        raise ValidationError({"name": "There is already a fund called x", "other": "Check the dates"})
    assert form.errors["name"] == ["There is already a fund called x"]
    assert form.non_field_errors() == ["Check the dates"]


def test_errors_on_lets_not_permitted_through_to_the_403_or_404_page():
    form = _bound()
    with pytest.raises(NotPermitted), errors_on(form):
        raise NotPermitted("Only the area's officers change the plan")
    assert not form.errors


def test_errors_on_lets_other_exceptions_through():
    with pytest.raises(KeyError), errors_on(_bound()):
        raise KeyError("a bug is a 500, never a form error")


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_errors_as_message_shows_the_refusal_and_skips_the_success_message():
    def refuse():
        raise ValidationError({"status": "Choose the action's status"})

    request, reached = _request(), []
    with errors_as_message(request):
        refuse()
        reached.append(True)
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", "Choose the action's status")]
    assert reached == []
    with pytest.raises(NotPermitted), errors_as_message(request):
        raise NotPermitted("Only the board's officers", hidden=True)


def test_error_message_joins_a_validation_errors_messages():
    assert error_message(ValidationError(["Add an agenda item", "Upload its papers"])) == \
        "Add an agenda item Upload its papers"
    assert error_message(TransitionError("The meeting was cancelled")) == "The meeting was cancelled"


def test_audited_names_the_actor_and_the_reason_only_when_given():
    class Row:
        pass

    actor = object()
    row = audited(Row(), actor)
    assert row._history_user is actor and not hasattr(row, "_change_reason")
    assert audited(Row(), actor, "Account closed")._change_reason == "Account closed"


def test_audited_writes_who_and_why_into_the_history(db, officer, area):
    area.director_name = "Dana Director"
    audited(area, officer, "Contacts updated").save()
    latest = area.history.latest()
    assert latest.history_user == officer
    assert latest.history_change_reason == "Contacts updated"
    assert latest.director_name == "Dana Director"
    assert latest.prev_record is not None and latest.prev_record.director_name != "Dana Director"


def test_long_date_is_the_govuk_style():
    assert long_date(datetime.date(2010, 4, 1)) == "1 April 2010"
    assert long_date(datetime.datetime(2009, 12, 25, 23, 59)) == "25 December 2009"
    assert long_date(None) == "" and long_date(None, "no date") == "no date"


@pytest.mark.parametrize("of, status, colour", [
    ("plan", "draft", " govuk-tag--grey"), ("minutes", "draft", " govuk-tag--yellow"),
    ("plan", "published", " govuk-tag--green"), ("plan", "unknown", ""),
    ("meeting", "held", " govuk-tag--turquoise"), ("meeting", "scheduled", " govuk-tag--blue"),
    ("reminder", "failed", " govuk-tag--red"), ("account", "not_invited", " govuk-tag--grey"),
])
def test_status_tag_colour_comes_from_the_one_mapping(of, status, colour):
    assert tag_colour(status, of) == colour


def test_status_tag_include_renders_the_label_in_its_colour():
    html = render_to_string("includes/status_tag.html", {"of": "fund", "status": "active", "label": "Active <now>"})
    assert " ".join(html.split()) == '<strong class="govuk-tag govuk-tag--green">Active &lt;now&gt;</strong>'


def test_status_tag_of_an_unknown_kind_fails_loudly():
    with pytest.raises(KeyError):
        tag_colour("draft", "plann")


def test_every_status_tag_in_the_templates_names_a_kind_and_status_the_mapping_knows():
    """A typo in ``of`` or in a literal ``status`` would show an uncoloured tag (or a 500)."""
    import re
    from pathlib import Path

    from django.conf import settings

    from trusts.templatetags.status_tags import TAG_COLOURS

    calls = []
    for path in Path(settings.BASE_DIR).rglob("*.html"):
        if ".venv" in path.parts:
            continue
        calls += re.findall(r'\{% include "includes/status_tag\.html" with of="(\w+)" status=(\S+)', path.read_text())
    assert len(calls) > 40
    for of, status in calls:
        assert of in TAG_COLOURS, of
        if status.startswith('"'):
            assert status.strip('"') in TAG_COLOURS[of][0] or of == "framework", (of, status)
