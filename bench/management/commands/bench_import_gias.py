import random
import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from partners.importers import GIAS_TYPES, OUT_OF_SCOPE, partners_import
from partners.models import Partner
from trusts.models import AuthorityType, Area

# The columns of a real GIAS "all establishments" extract begin like this; the importer
# reads five of them and must skip the rest.
GIAS_HEADER = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)", "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)", "EstablishmentStatus (name)", "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)", "OpenDate", "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)", "CloseDate", "PhaseOfEducation (code)", "PhaseOfEducation (name)",
    "StatutoryLowAge", "StatutoryHighAge", "Boarders (code)", "Boarders (name)", "NurseryProvision (name)",
    "OfficialSixthForm (code)", "OfficialSixthForm (name)", "Gender (code)", "Gender (name)",
    "ReligiousCharacter (code)", "ReligiousCharacter (name)", "Diocese (code)", "Diocese (name)",
    "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity", "SpecialClasses (code)",
    "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls", "PercentageFSM",
    "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)", "SchoolSponsorFlag (name)",
    "FurtherEducationType (name)", "Street", "Locality", "Town", "County (name)", "Postcode", "SchoolWebsite",
    "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "UKPRN", "GOR (name)",
    "DistrictAdministrative (name)", "Easting", "Northing",
]


def generate_gias(rows, la_code, *, seed=2010, suffix=""):
    """A GIAS-style extract: Windows-1252, every field quoted, mostly this LA's open establishments,
    with closed ones and other LAs mixed in as in the national file."""
    rng = random.Random(seed)
    types = [*GIAS_TYPES, *OUT_OF_SCOPE]
    lines = [",".join(f'"{h}"' for h in GIAS_HEADER)]
    for i in range(rows):
        urn = 100000 + i
        la = la_code if rng.random() < 0.9 else rng.choice(["201", "202", "330", "926"])
        status = "Closed" if rng.random() < 0.08 else "Open"
        kind = rng.choice(types)
        name = f"St {rng.choice(['Mary', 'John', 'Andrew', 'Bede'])}'s {kind.split()[0]} No. {i} – Café Annexe{suffix}"
        fe_type = "Sixth Form Colleges" if kind == "Further education" and rng.random() < 0.3 else ""
        values = {h: "" for h in GIAS_HEADER}
        values.update({
            "URN": str(urn), "LA (code)": la, "LA (name)": "Area", "EstablishmentNumber": str(2000 + i % 8000),
            "EstablishmentName": name, "TypeOfEstablishment (name)": kind, "EstablishmentStatus (name)": status,
            "EstablishmentStatus (code)": "2" if status == "Closed" else "1", "PhaseOfEducation (name)": "Primary",
            "FurtherEducationType (name)": fe_type, "Street": f"{i} High Street, \"The Old Mill\"",
            "Town": "Ely", "Postcode": "CB7 4DL", "UKPRN": str(10000000 + i), "Easting": "554000",
            "Northing": "280000", "NumberOfPupils": str(rng.randint(30, 1500)),
        })
        lines.append(",".join('"' + values[h].replace('"', '""') + '"' for h in GIAS_HEADER))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


BENCH_AREAS = [f"{code:03d}" for code in range(100, 250)]  # 150 throw-away areas, clear of Welsh codes


def generate_national(handle, rows, *, seed=2010, year_later=False):
    """Write a national GIAS extract to ``handle`` (binary): Windows-1252, quoted, 63 columns, rows
    spread over the 150 benchmark areas, with Welsh and "Does not apply" rows, every type, 8%
    closed. ``year_later``: the same establishments a year on: 5% renamed, 3% closed, 2%
    converted to academies (the predecessor closes, a new academy URN opens)."""
    rng = random.Random(seed)
    later = random.Random(seed + 1)
    types = [*GIAS_TYPES, *OUT_OF_SCOPE]
    handle.write((",".join(f'"{h}"' for h in GIAS_HEADER) + "\r\n").encode("cp1252"))
    for i in range(rows):
        roll = rng.random()
        la = "672" if roll < 0.03 else "000" if roll < 0.05 else rng.choice(BENCH_AREAS)
        status = "Closed" if rng.random() < 0.08 else "Open"
        kind = rng.choice(types)
        name = f"St {rng.choice(['Mary', 'John', 'Andrew', 'Bede'])}'s {kind.split()[0]} No. {i} – Café"
        values = {h: "" for h in GIAS_HEADER}
        values.update({
            "URN": str(100000 + i), "LA (code)": la, "LA (name)": "Does not apply" if la == "000" else "Area",
            "EstablishmentName": name, "TypeOfEstablishment (name)": kind, "EstablishmentStatus (name)": status,
            "PhaseOfEducation (name)": "Primary", "OpenDate": "01-09-1990",
            "CloseDate": "31-08-2005" if status == "Closed" else "",
            "ReasonEstablishmentClosed (name)": "Closure" if status == "Closed" else "Not applicable",
            "ReasonEstablishmentOpened (name)": "Not applicable",
            "Street": f"{i} High Street, \"The Old Mill\"", "Town": "Ely", "Postcode": "CB7 4DL",
            "UKPRN": str(10000000 + i), "NumberOfPupils": str(rng.randint(30, 1500)),
        })
        extra = None
        if year_later and status == "Open":
            change = later.random()
            if change < 0.05:
                values["EstablishmentName"] = name + " (renamed)"
            elif change < 0.08:
                values.update({"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2011",
                               "ReasonEstablishmentClosed (name)": "Closure"})
            elif change < 0.10 and kind == "Community school":
                values.update({"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2011",
                               "ReasonEstablishmentClosed (name)": "Academy Converter"})
                extra = dict(values, **{"URN": str(600000 + i), "EstablishmentName": name + " Academy",
                                        "TypeOfEstablishment (name)": "Academy converter",
                                        "EstablishmentStatus (name)": "Open", "OpenDate": "01-09-2011",
                                        "CloseDate": "", "ReasonEstablishmentClosed (name)": "Not applicable",
                                        "ReasonEstablishmentOpened (name)": "Academy Converter", "UKPRN": ""})
        for out in filter(None, (values, extra)):
            handle.write((",".join('"' + out[h].replace('"', '""') + '"' for h in GIAS_HEADER) + "\r\n")
                         .encode("cp1252"))


class Command(BaseCommand):
    help = ("Benchmark: generate a GIAS-format extract in memory (Windows-1252, quoted, 63 columns), import it "
            "into a throw-away area, re-import it as is and with every name changed, print the seconds, and "
            "remove the area again. --national: a national extract (default 50,000 rows) over 150 throw-away "
            "areas through import_gias's importer: first import, unchanged re-import, a year later.")

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=None)
        parser.add_argument("--keep", action="store_true", help="Keep the benchmark area and its partners")
        parser.add_argument("--national", action="store_true", help="Time the national import instead")

    def handle(self, *args, rows, keep, national=False, **options):
        if national:
            return self.national(rows or 50000, keep)
        rows = rows or 25000
        data = generate_gias(rows, "999")
        self.stdout.write(f"Generated {rows} rows, {len(data) / 1024 / 1024:.1f} MB, on {connection.vendor}")
        area, _ = Area.objects.get_or_create(
            la_code="999", defaults={"name": "Benchmark area", "gss_code": "E10999999",
                                     "authority_type": AuthorityType.COUNTY})
        try:
            start = time.perf_counter()
            report = partners_import(area=area, data=data)
            first = time.perf_counter() - start
            self.stdout.write(f"First import: {first:.1f} s ({'; '.join(report.lines())})")
            start = time.perf_counter()
            report = partners_import(area=area, data=data)
            second = time.perf_counter() - start
            self.stdout.write(f"Re-import, nothing changed: {second:.1f} s ({'; '.join(report.lines())})")
            renamed = generate_gias(rows, "999", suffix=" (renamed)")
            start = time.perf_counter()
            report = partners_import(area=area, data=renamed)
            third = time.perf_counter() - start
            self.stdout.write(f"Re-import, every name changed: {third:.1f} s ({'; '.join(report.lines())})")
        finally:
            if not keep:
                _remove(area)


    def national(self, rows, keep):
        import tempfile

        from partners.national import gias_national_import

        areas = []
        for code in BENCH_AREAS:
            area, _ = Area.objects.get_or_create(la_code=code, defaults={
                "name": f"Benchmark area {code}", "gss_code": f"E06900{code}", "authority_type": AuthorityType.UNITARY})
            areas.append(area)
        try:
            with tempfile.TemporaryFile() as first, tempfile.TemporaryFile() as later:
                generate_national(first, rows)
                generate_national(later, rows, year_later=True)
                self.stdout.write(f"Generated {rows} rows, {first.tell() / 1024 / 1024:.1f} MB, over {len(areas)} "
                                  f"areas, on {connection.vendor}")
                for label, handle in (("First national import", first), ("Re-import, nothing changed", first),
                                      ("A year later", later)):
                    start = time.perf_counter()
                    report = gias_national_import(source=handle)
                    seconds = time.perf_counter() - start
                    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
                    self.stdout.write(f"{label}: {seconds:.1f} s (peak memory of the process so far {peak:.0f} MB)")
                    for line in report.lines()[:3]:
                        self.stdout.write(f"  {line}")
        finally:
            if not keep:
                for area in areas:
                    _remove(area)


def _remove(area):
    """Remove the benchmark area's rows with plain SQL: nothing else refers to them, and the
    ORM's cascade would visit every model that may point at a partner."""
    deletes = [(Partner.history.model, "area_id"), (Partner, "area_id"), (Area.history.model, "id"), (Area, "id")]
    with transaction.atomic(), connection.cursor() as cursor:
        table = connection.ops.quote_name(Partner._meta.db_table)
        cursor.execute(f"UPDATE {table} SET predecessor_id = NULL WHERE area_id = %s", [area.pk])
        for model, column in deletes:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [area.pk])
