import io

from django.utils import timezone

from pooling import demo, selectors
from pooling.models import Contribution, PooledFund, Spend
from trusts import demo as trusts_demo
from trusts.models import Area


def test_demo_seed_is_idempotent_and_eligible(db):
    trusts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    counts = (PooledFund.objects.count(), Contribution.objects.count(), Spend.objects.count())
    demo.seed(io.StringIO())
    assert (PooledFund.objects.count(), Contribution.objects.count(), Spend.objects.count()) == counts
    area = Area.objects.get(la_code="873")
    early = PooledFund.objects.get(area=area, legal_basis="s10")
    # three financial years, relative to today: the last two and this one
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    assert early.years == [year - 2, year - 1, year] and early.host.org_type == "local_authority"
    assert early.start_date <= today <= early.end_date
    assert {c.partner.org_type for c in early.contributions.all()} >= {"pct", "chief_officer_police",
                                                                        "district_council", "yot", "connexions"}
    health = PooledFund.objects.get(area=area, legal_basis="s75")
    assert {c.partner.org_type for c in health.contributions.all()} == {"pct", "local_authority"}
    for fund in (early, health):
        assert selectors.fund_flag_list(fund=fund, contributions=selectors.contribution_list(fund=fund)) == []
    assert {s.outcome for s in early.spend.all()} == {"be_healthy", "stay_safe", "enjoy_achieve",
                                                      "positive_contribution", "economic_wellbeing"}
    assert len(selectors.spend_statement_list(area=area)) >= 5 * 3
