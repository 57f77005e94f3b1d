"""Working days in England: Monday to Friday, less England and Wales bank holidays.

Bank holidays come from govuk-bank-holidays' bundled copy of GOV.UK's list (loaded
once, never downloaded: the service runs without internet access). The bundled list
starts in 2012, and this service's deadlines fall in 2008 to 2011, so years outside
the list are computed from the Banking and Financial Dealings Act 1971 rules (New
Year's Day, Good Friday, Easter Monday, first and last Mondays in May, last Monday in
August, Christmas and Boxing Day, with substitute days when they fall at a weekend),
plus the one-off days proclaimed in those years.
"""
from datetime import date, timedelta
from functools import cache, lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays

DIVISION = BankHolidays.ENGLAND_AND_WALES

# Proclaimed one-off changes in years before the bundled list (GOV.UK / London Gazette).
EXTRA_HOLIDAYS = {
    date(1999, 12, 31),  # Millennium
    date(2002, 6, 3),  # Golden Jubilee (the spring holiday moved to 4 June)
    date(2011, 4, 29),  # Royal Wedding
}
MOVED_HOLIDAYS = {date(2002, 5, 27): date(2002, 6, 4)}


def easter_sunday(year):
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _monday_on_or_after(day):
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _weekday_or_next_monday(day):
    return day if day.weekday() < 5 else _monday_on_or_after(day)


def _last_monday(year, month):
    last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def computed_holidays(year):
    """England and Wales bank holidays for a year by the statutory rules (no one-offs)."""
    easter = easter_sunday(year)
    days = {
        _weekday_or_next_monday(date(year, 1, 1)),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _monday_on_or_after(date(year, 5, 1)),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    christmas = date(year, 12, 25)
    if christmas.weekday() == 5:  # Saturday: Monday 27 and Tuesday 28
        days |= {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27
        days |= {date(year, 12, 26), date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day substitute Monday 28
        days |= {christmas, date(year, 12, 28)}
    else:
        days |= {christmas, date(year, 12, 26)}
    return days


@cache
def _calendar():
    """(bundled holiday dates, first bundled year, last bundled year), loaded once."""
    # use_cached_holidays=True reads the JSON shipped in the package and never calls GOV.UK
    bundled = {h["date"] for h in BankHolidays(use_cached_holidays=True).get_holidays(division=DIVISION)}
    years = {d.year for d in bundled}
    return frozenset(bundled), min(years), max(years)


@cache
def holidays_in(year):
    bundled, first, last = _calendar()
    if first <= year <= last:
        return frozenset(d for d in bundled if d.year == year)
    days = {MOVED_HOLIDAYS.get(d, d) for d in computed_holidays(year)}
    days |= {d for d in EXTRA_HOLIDAYS if d.year == year}
    return frozenset(days)


def is_bank_holiday(day):
    return day in holidays_in(day.year)


def is_working_day(day):
    return day.weekday() < 5 and not is_bank_holiday(day)


@lru_cache(maxsize=65536)
def add_working_days(day, n):
    """The n-th working day after ``day`` (before it when n is negative); n == 0 gives ``day``."""
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a, b):
    """Working days d with a < d <= b (negative, counted the same way, when b is before a).

    So ``add_working_days(a, working_days_between(a, b)) == b`` whenever b is a working day.
    """
    if b < a:
        return -working_days_between(b, a)
    count, day, one = 0, a, timedelta(days=1)
    # whole weeks first: five weekdays each, less the bank holidays in them
    weeks = (b - a).days // 7
    if weeks:
        end = a + timedelta(days=7 * weeks)
        holidays = sum(1 for y in range(a.year, end.year + 1) for h in holidays_in(y) if a < h <= end and h.weekday() < 5)
        count, day = 5 * weeks - holidays, end
    while day < b:
        day += one
        if is_working_day(day):
            count += 1
    return count
