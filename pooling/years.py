"""Financial years run from 1 April to 31 March. A year is stored as the calendar
year it starts in: 2025 means 2025-26 (1 April 2025 to 31 March 2026)."""
from datetime import date

from django.utils import timezone

MAX_YEARS_PER_FUND = 25


class FinancialYear:
    @staticmethod
    def fy_for(day):
        """The financial year a date falls in: 1 April 2025 to 31 March 2026 is 2025."""
        return day.year if day.month >= 4 else day.year - 1

    @staticmethod
    def label(year):
        """2025 -> "2025-26"."""
        return f"{year}-{(year + 1) % 100:02d}"

    @staticmethod
    def start(year):
        return date(year, 4, 1)

    @staticmethod
    def end(year):
        return date(year + 1, 3, 31)

    @classmethod
    def covering(cls, start, end):
        """Every financial year from the one holding ``start`` to the one holding ``end``."""
        if start is None or end is None or end < start:
            return []
        return list(range(cls.fy_for(start), cls.fy_for(end) + 1))

    @classmethod
    def current(cls):
        return cls.fy_for(timezone.localdate())

    @classmethod
    def choices(cls, years):
        return [(year, cls.label(year)) for year in years]


fy_for = FinancialYear.fy_for
fy_label = FinancialYear.label
