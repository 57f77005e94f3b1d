"""What a run of the national schools import did, per area and in total: counted as it runs
(``partners.national``), stored on the run as JSON (``NationalImport.report``) and read back
for the pages. Kept apart from the import itself so the pages read reports without importing
the code that writes partners."""
from collections import Counter
from dataclasses import dataclass, field

COUNTS = ("added", "changed", "closed", "converted", "reopened", "unchanged")


@dataclass
class AreaReport:
    """What the import did (or would do) in one area."""

    name: str = ""
    added: int = 0
    changed: int = 0
    closed: int = 0
    converted: int = 0
    reopened: int = 0
    unchanged: int = 0
    linked: int = 0  # conversions whose academy was linked to the school it replaced
    changed_fields: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)

    @property
    def skipped_list(self):
        """[(reason, rows)], sorted (templates cannot read a Counter's items: a missing key is 0)."""
        return sorted(self.skipped.items())

    @property
    def changed_list(self):
        return sorted(self.changed_fields.items())

    @property
    def skipped_total(self):
        return sum(self.skipped.values())

    @property
    def touched(self):
        return any(getattr(self, c) for c in COUNTS if c != "unchanged")

    def as_dict(self):
        return {"name": self.name, **{c: getattr(self, c) for c in COUNTS}, "linked": self.linked,
                "changed_fields": dict(sorted(self.changed_fields.items())), "skipped": dict(sorted(self.skipped.items()))}

    @classmethod
    def from_dict(cls, data):
        return cls(name=data.get("name", ""), **{c: data.get(c, 0) for c in COUNTS}, linked=data.get("linked", 0),
                   changed_fields=Counter(data.get("changed_fields", {})), skipped=Counter(data.get("skipped", {})))

    def lines(self, *, done=True):
        verb = {True: ("added", "changed", "closed", "closed for academy conversion", "reopened"),
                False: ("to add", "to change", "to close", "to close for academy conversion", "to reopen")}[done]
        out = [f"{self.added} {verb[0]}, {self.changed} {verb[1]}, {self.closed} {verb[2]}, "
               f"{self.converted} {verb[3]}, {self.reopened} {verb[4]}, {self.unchanged} unchanged"]
        if self.changed_fields:
            out.append("Changes: " + ", ".join(f"{n} {what}" for what, n in sorted(self.changed_fields.items())))
        if self.linked:
            out.append(f"{self.linked} academ{'y' if self.linked == 1 else 'ies'} linked to the school "
                       f"{'it' if self.linked == 1 else 'they'} replaced")
        for reason, n in sorted(self.skipped.items()):
            out.append(f"{n} skipped: {reason}")
        return out


@dataclass
class NationalReport:
    rows: int = 0
    areas: dict = field(default_factory=dict)  # la_code -> AreaReport
    skipped: Counter = field(default_factory=Counter)  # rows no area takes, by reason

    def area(self, area):
        if area.la_code not in self.areas:
            self.areas[area.la_code] = AreaReport(name=area.name)
        return self.areas[area.la_code]

    @property
    def totals(self):
        total = AreaReport(name="All areas")
        for report in self.areas.values():
            for c in (*COUNTS, "linked"):
                setattr(total, c, getattr(total, c) + getattr(report, c))
            total.changed_fields.update(report.changed_fields)
            total.skipped.update(report.skipped)
        total.skipped.update(self.skipped)
        return total

    def as_dict(self):
        return {"rows": self.rows, "totals": self.totals.as_dict(), "skipped": dict(sorted(self.skipped.items())),
                "areas": {code: self.areas[code].as_dict() for code in sorted(self.areas)}}

    def lines(self, *, done=True):
        out = [f"{self.rows:,} rows read"]
        out += [f"All areas: {line}" for line in self.totals.lines(done=done)]
        for code in sorted(self.areas):
            report = self.areas[code]
            out += [f"{report.name} ({code}): {line}" for line in report.lines(done=done)]
        return out
