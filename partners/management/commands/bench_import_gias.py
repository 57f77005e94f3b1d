import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from partners.importers import GIAS_TYPES, OUT_OF_SCOPE, partners_import
from partners.models import Partner
from trusts.models import AuthorityType, Trust

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


class Command(BaseCommand):
    help = ("Benchmark: generate a GIAS-format extract in memory (Windows-1252, quoted, 63 columns), import it "
            "into a throw-away area, re-import it as is and with every name changed, print the seconds, and "
            "remove the area again.")

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=25000)
        parser.add_argument("--keep", action="store_true", help="Keep the benchmark area and its partners")

    def handle(self, *args, rows, keep, **options):
        data = generate_gias(rows, "999")
        self.stdout.write(f"Generated {rows} rows, {len(data) / 1024 / 1024:.1f} MB, on {connection.vendor}")
        area, _ = Trust.objects.get_or_create(
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


def _remove(area):
    """Remove the benchmark area's rows with plain SQL: nothing else refers to them, and the
    ORM's cascade would visit every model that may point at a partner."""
    deletes = [(Partner.history.model, "trust_id"), (Partner, "trust_id"), (Trust.history.model, "id"), (Trust, "id")]
    with transaction.atomic(), connection.cursor() as cursor:
        for model, column in deletes:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [area.pk])
