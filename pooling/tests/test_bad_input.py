"""Odd input never causes a 500 and never changes anything."""
import pytest
from django.urls import reverse

from pooling.models import Contribution, PooledFund, Spend

ODD = ["", "abc", "-0.001", "1e999999", "Infinity", "NaN", "9" * 5000, "£", "<script>", "=1+1", " "]


@pytest.mark.parametrize("odd", ODD)
def test_forms_refuse_odd_input_without_error(client, officer, area, fund, odd):
    client.force_login(officer)
    base = reverse("pooling:fund-detail", kwargs={"area": area.la_code, "fund": fund.pk})
    posts = [
        (base + "contributions/new/", {"partner": odd, "year": odd, "kind": odd, "stage": "planned", "value": odd}),
        (base + "spend/new/", {"year": odd, "stage": odd, "outcome": odd, "service_area": odd, "value": odd}),
        (reverse("pooling:fund-create", kwargs={"area": area.la_code}),
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
    response = client.post(reverse("pooling:fund-edit", kwargs={"area": area.la_code, "fund": fund.pk}), data)
    assert response.status_code == 302
    fund.refresh_from_db()
    assert (fund.status, fund.years[-1], fund.purpose) == ("closed", 2011, "Changed purpose")
    assert fund.history.count() == 2
