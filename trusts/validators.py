"""Input checks every app shares: names a person can read, dates in a sensible range."""
import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from trusts.dates import long_date

# Bidirectional controls can make a name display differently from what is stored
# ("Trojan Source", CVE-2021-42574): refused anywhere in a name.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Categories that print nothing: separators, controls, format characters (zero-width
# spaces and joiners), unassigned and private-use code points.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs"})


def validate_visible_text(value):
    """A name must contain a visible character and no bidirectional control characters."""
    if not value:
        return
    if any(ch in BIDI_CONTROLS for ch in value):
        raise ValidationError("Remove the hidden text-direction characters", code="bidi")
    if not any(unicodedata.category(ch) not in INVISIBLE_CATEGORIES for ch in value):
        raise ValidationError("Enter a name that contains letters or numbers", code="invisible")


@deconstructible
class DateRangeValidator:
    """A date between two limits. ``earliest``/``latest`` are dates or callables
    returning one (``lambda: timezone.localdate() + relativedelta(years=10)``)."""

    def __init__(self, earliest=None, latest=None, what="The date"):
        self.earliest, self.latest, self.what = earliest, latest, what

    def _value(self, bound):
        return bound() if callable(bound) else bound

    def __call__(self, value):
        if value is None:
            return
        if isinstance(value, datetime):
            value = value.date()
        earliest, latest = self._value(self.earliest), self._value(self.latest)
        if earliest and value < earliest:
            raise ValidationError(f"{self.what} must be on or after {long_date(earliest)}", code="too_early")
        if latest and value > latest:
            raise ValidationError(f"{self.what} must be on or before {long_date(latest)}", code="too_late")

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and (self.earliest, self.latest, self.what) == (
            other.earliest, other.latest, other.what)


# Children's trusts began with the Children Act 2004; no record of this service is older.
SERVICE_EPOCH = date(2004, 1, 1)
