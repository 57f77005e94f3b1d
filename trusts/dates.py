"""Dates in words, the GOV.UK way: "1 April 2010" (no leading zero, no ordinal, no weekday)."""

__all__ = ["long_date"]


def long_date(day, missing=""):
    """``day`` (a date or datetime) as "1 April 2010"; ``missing`` when there is no date."""
    if day is None:
        return missing
    return f"{day:%-d %B %Y}"
