"""The England and Wales working-day calendar, around Christmas, New Year and Easter."""
import socket
from datetime import date, timedelta

import pytest
import requests

from trusts.notices import workdays
from trusts.notices.workdays import add_working_days, is_working_day, working_days_between

D = date


@pytest.mark.parametrize(("day", "working"), [
    # 2009 (computed: the bundled list starts in 2012). 25 Dec Friday, 26 Saturday -> Monday 28
    (D(2009, 12, 24), True), (D(2009, 12, 25), False), (D(2009, 12, 28), False), (D(2009, 12, 29), True),
    (D(2010, 1, 1), False), (D(2010, 1, 4), True),
    # 2010: 25 Dec Saturday, 26 Sunday -> substitutes Monday 27 and Tuesday 28
    (D(2010, 12, 24), True), (D(2010, 12, 27), False), (D(2010, 12, 28), False), (D(2010, 12, 29), True),
    # 2011: New Year's Day Saturday -> Monday 3 January; 25 Dec Sunday -> 26 Boxing Day, 27 substitute
    (D(2011, 1, 3), False), (D(2011, 1, 4), True), (D(2011, 12, 26), False), (D(2011, 12, 27), False),
    (D(2011, 12, 28), True), (D(2011, 4, 29), False),  # the Royal Wedding
    # Easter: 2009 (10 and 13 April), 2010 (2 and 5 April), 2011 (22 and 25 April)
    (D(2009, 4, 10), False), (D(2009, 4, 13), False), (D(2009, 4, 14), True),
    (D(2010, 4, 1), True), (D(2010, 4, 2), False), (D(2010, 4, 5), False), (D(2010, 4, 6), True),
    (D(2011, 4, 22), False), (D(2011, 4, 25), False),
    # bundled years: 2016 Christmas Sunday -> Tuesday 27 substitute; 2021 Saturday -> 27 and 28;
    # New Year 2017 Sunday -> Monday 2; Easter 2024 (29 March, 1 April)
    (D(2016, 12, 26), False), (D(2016, 12, 27), False), (D(2016, 12, 28), True),
    (D(2021, 12, 27), False), (D(2021, 12, 28), False), (D(2017, 1, 2), False),
    (D(2024, 3, 29), False), (D(2024, 4, 1), False), (D(2024, 4, 2), True),
    # weekends
    (D(2010, 3, 27), False), (D(2010, 3, 28), False),
])
def test_is_working_day_england_and_wales(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(("day", "n", "expected"), [
    (D(2010, 12, 24), 1, D(2010, 12, 29)),  # over Christmas 2010 and both substitute days
    (D(2010, 12, 24), 3, D(2010, 12, 31)),
    (D(2010, 12, 31), 1, D(2011, 1, 4)),  # New Year substitute Monday 3 January 2011
    (D(2010, 4, 6), -1, D(2010, 4, 1)),  # back over Easter Monday, the weekend and Good Friday
    (D(2010, 1, 5), -10, D(2009, 12, 17)),  # back over New Year, Boxing Day substitute, Christmas
    (D(2010, 4, 1), -10, D(2010, 3, 18)),
    (D(2010, 4, 1), 0, D(2010, 4, 1)),
    (D(2010, 3, 27), 1, D(2010, 3, 29)),  # from a Saturday
    (D(2021, 12, 24), 1, D(2021, 12, 29)),  # bundled year
])
def test_add_working_days(day, n, expected):
    assert add_working_days(day, n) == expected


def test_working_days_between_agrees_with_counting_day_by_day():
    start = D(2008, 11, 20)
    for span in (0, 1, 3, 6, 7, 13, 40, 95, 200, 500):
        for offset in range(0, 60, 7):
            a = start + timedelta(days=offset)
            b = a + timedelta(days=span)
            naive = sum(1 for i in range(1, span + 1) if is_working_day(a + timedelta(days=i)))
            assert working_days_between(a, b) == naive, (a, b)
            assert working_days_between(b, a) == -naive
            if is_working_day(b):
                assert add_working_days(a, naive) == b


def test_computed_rules_match_the_bundled_list_in_ordinary_years():
    bundled, first, last = workdays._calendar()
    # 2012, 2020, 2022 and 2023 had proclaimed changes (jubilees, VE day, a funeral, a coronation)
    for year in set(range(first, last + 1)) - {2012, 2020, 2022, 2023}:
        assert workdays.computed_holidays(year) == {d for d in bundled if d.year == year}, year


def test_calendar_loads_from_the_bundled_file_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the calendar tried the network")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    workdays._calendar.cache_clear()
    workdays.holidays_in.cache_clear()
    add_working_days.cache_clear()
    assert not is_working_day(D(2025, 12, 25))
    assert workdays._calendar()[1] <= 2012
