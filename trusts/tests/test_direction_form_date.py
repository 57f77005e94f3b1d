"""The direction form's date is the GOV.UK date input every other form uses: three
boxes (day, month, year) with the service's date field and its messages."""
import re
from datetime import timedelta

import pytest
from crispy_forms_gds.fields import DateInputField
from django.urls import reverse
from django.utils import timezone

from boards.forms import MeetingForm
from trusts.forms import DirectionForm, GdsDateField
from trusts.models import Direction
from trusts.tests.factories import date_input

pytestmark = pytest.mark.django_db
URL = reverse("trusts:direction-new")


def _post(client, area, **date_fields):
    return client.post(URL, {"area": area.pk, "arrangement": "board", "reason": "The board has not met",
                             "required_action": "Hold a quorate meeting", **date_fields})


def test_the_direction_form_uses_the_same_date_input_as_the_other_forms():
    assert isinstance(DirectionForm().fields["due_by"], GdsDateField)
    # the board meeting form's date is the same component
    assert type(MeetingForm.base_fields["date"].widget) is type(DirectionForm().fields["due_by"].widget)
    assert isinstance(DirectionForm().fields["due_by"], DateInputField)


def test_the_page_shows_day_month_and_year_boxes(client, steward):
    client.force_login(steward)
    html = client.get(URL).content.decode()
    assert 'class="govuk-date-input"' in html
    for part, label in (("0", "Day"), ("1", "Month"), ("2", "Year")):
        assert re.search(rf'<label class="govuk-label govuk-date-input__label" for="id_due_by_{part}">\s*{label}', html)
    assert 'type="date"' not in html


def test_a_direction_is_issued_with_the_date_from_the_three_boxes(client, steward, area):
    client.force_login(steward)
    due = timezone.localdate() + timedelta(days=40)
    response = _post(client, area, **date_input("due_by", due))
    assert response.status_code == 302
    assert Direction.objects.get().due_by == due


@pytest.mark.parametrize(("fields", "error"), [
    ({"due_by_0": "31", "due_by_1": "2", "due_by_2": "2031"}, "Enter a real date, like 27 3 2027"),
    ({"due_by_0": "1", "due_by_1": "", "due_by_2": "2031"},
     "The date it must be done by must include a day, month and year"),
    ({}, "Enter the date it must be done by"),
    ({"due_by_0": "1", "due_by_1": "1", "due_by_2": "9" * 25}, "Enter a real date, like 27 3 2027"),
])
def test_a_wrong_date_is_a_govuk_error(client, steward, area, fields, error):
    client.force_login(steward)
    response = _post(client, area, **fields)
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert 'class="govuk-error-summary"' in html and error in html
    assert not Direction.objects.exists()


def test_the_framework_change_form_uses_the_same_date_input(client, steward):
    from trusts.forms import FrameworkChangeForm

    assert isinstance(FrameworkChangeForm().fields["effective_on"], GdsDateField)
    client.force_login(steward)
    html = client.get(reverse("trusts:framework-changes")).content.decode()
    assert 'name="effective_on_0"' in html and 'type="date"' not in html
    response = client.post(reverse("trusts:framework-changes"), {
        "framework": "proposals2008", "effective_on_0": "30", "effective_on_1": "2", "effective_on_2": "2031"})
    assert "Enter a real date, like 1 4 2027" in response.content.decode()
