"""Odd input never causes a 500 and never changes anything."""
import pytest
from django.urls import reverse

from pooling.models import Contribution, PooledFund, Spend

ODD = ["", "abc", "-0.001", "1e999999", "Infinity", "NaN", "9" * 5000, "£", "<script>", "=1+1", " "]


@pytest.mark.parametrize("odd", ODD)
def test_forms_refuse_odd_input_without_error(client, officer, area, fund, odd):
    client.force_login(officer)
    base = reverse("pooling:fund-detail", kwargs={"la_code": area.la_code, "fund": fund.pk})
    posts = [
        (base + "contributions/new/", {"partner": odd, "year": odd, "kind": odd, "stage": "planned", "value": odd}),
        (base + "spend/new/", {"year": odd, "stage": odd, "outcome": odd, "service_area": odd, "value": odd}),
        (reverse("pooling:fund-create", kwargs={"la_code": area.la_code}),
         {"name": "X", "purpose": "Y", "legal_basis": odd, "host": odd, "start_date_0": odd, "start_date_1": "4",
          "start_date_2": odd, "end_date_0": "0", "end_date_1": "13", "end_date_2": odd, "status": odd}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert "govuk-error-summary" in response.content.decode()
    assert Contribution.objects.count() == 0 and Spend.objects.count() == 0
    assert PooledFund.objects.count() == 1


def test_fund_edit_view_saves_and_keeps_history(client, officer, area, fund, authority):
    client.force_login(officer)
    data = {"name": "Early help fund", "purpose": "Changed purpose", "legal_basis": "s10", "host": authority.pk,
            "start_date_0": "1", "start_date_1": "4", "start_date_2": "2008", "end_date_0": "31",
            "end_date_1": "3", "end_date_2": "2012", "status": "closed"}
    response = client.post(reverse("pooling:fund-edit", kwargs={"la_code": area.la_code, "fund": fund.pk}), data)
    assert response.status_code == 302
    fund.refresh_from_db()
    assert (fund.status, fund.years[-1], fund.purpose) == ("closed", 2011, "Changed purpose")
    assert fund.history.count() == 2


def fund_post(authority, **overrides):
    return {"name": "Youth support fund", "purpose": "Targeted youth support", "legal_basis": "s10",
            "host": authority.pk, "start_date_0": "1", "start_date_1": "4", "start_date_2": "2009",
            "end_date_0": "31", "end_date_1": "3", "end_date_2": "2011", "status": "active", **overrides}


@pytest.mark.parametrize(("name", "message"), [
    ("\u200b\u200b\u200b", "Enter a name that contains letters or numbers"),
    ("Early help \u202ednuf", "Remove the hidden text-direction characters"),
])
def test_fund_names_must_be_readable(client, officer, area, fund, authority, name, message):
    """A name people cannot read is refused: a fund name of zero-width spaces or with a right-to-left override."""
    client.force_login(officer)
    url = reverse("pooling:fund-create", kwargs={"la_code": area.la_code})
    response = client.post(url, fund_post(authority, name=name))
    assert message in response.context["form"].errors["name"]
    edit = reverse("pooling:fund-edit", kwargs={"la_code": area.la_code, "fund": fund.pk})
    response = client.post(edit, fund_post(authority, name=name))
    assert message in response.context["form"].errors["name"]
    assert list(PooledFund.objects.values_list("name", flat=True)) == ["Early help fund"]


@pytest.mark.parametrize(("field", "year", "message"), [
    ("start_date", "1", "The start date must be on or after 1 January 2004"),
    ("start_date", "2003", "The start date must be on or after 1 January 2004"),
    ("start_date", "2200", "The start date must be on or before"),
    ("end_date", "9999", "The end date must be on or before"),
])
def test_fund_dates_within_a_sensible_range(client, officer, area, authority, field, year, message):
    client.force_login(officer)
    url = reverse("pooling:fund-create", kwargs={"la_code": area.la_code})
    response = client.post(url, fund_post(authority, **{f"{field}_2": year}))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not PooledFund.objects.exists()
