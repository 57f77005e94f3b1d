from datetime import date

from pooling.years import FinancialYear, fy_for, fy_label


def test_fy_for_april_starts_the_year():
    assert fy_for(date(2025, 4, 1)) == 2025
    assert fy_for(date(2026, 3, 31)) == 2025
    assert fy_for(date(2025, 3, 31)) == 2024


def test_fy_label_pads_and_wraps_the_century():
    assert fy_label(2025) == "2025-26"
    assert fy_label(2009) == "2009-10"
    assert fy_label(1999) == "1999-00"


def test_fy_covering_lists_every_year_of_a_fund():
    assert FinancialYear.covering(date(2008, 4, 1), date(2011, 3, 31)) == [2008, 2009, 2010]
    assert FinancialYear.covering(date(2008, 6, 1), date(2008, 12, 31)) == [2008]
    assert FinancialYear.covering(date(2009, 1, 1), date(2009, 4, 1)) == [2008, 2009]
    assert FinancialYear.covering(date(2010, 1, 1), date(2009, 1, 1)) == []
    assert FinancialYear.start(2009) == date(2009, 4, 1) and FinancialYear.end(2009) == date(2010, 3, 31)
