import io

import factory
from factory.django import DjangoModelFactory

from partners.models import NationalImport, Partner, PartnerContact
from trusts.models import Membership, User
from trusts.tests.factories import NOT_FOUND, AreaFactory, UserFactory, Write


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    org_type = "vcs"


class SchoolFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"School {n}")
    org_type = "school_community"
    urn = factory.Sequence(lambda n: f"{110000 + n}")


class AcademyFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"Academy {n}")
    org_type = "academy"
    urn = factory.Sequence(lambda n: f"{140000 + n}")


class PartnerContactFactory(DjangoModelFactory):
    """A partner contact user linked to a partner (and, through a membership, to its area)."""

    class Meta:
        model = PartnerContact
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.PARTNER_CONTACT)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(user=obj.user, area=obj.partner.area,
                                             role=User.Role.PARTNER_CONTACT)


class NationalImportFactory(DjangoModelFactory):
    """A checked run of the national schools import, touching one area."""

    class Meta:
        model = NationalImport
        skip_postgeneration_save = True

    filename = "edubasealldata20110901.csv"
    status = NationalImport.Status.CHECKED
    report = factory.LazyFunction(lambda: {"rows": 1, "totals": {"name": "All areas", "added": 1}, "skipped": {},
                                           "areas": {}})

    @factory.post_generation
    def area(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            obj.report["areas"][extracted.la_code] = {"name": extracted.name, "added": 1}
            obj.save()
            obj.areas.add(extracted)


URL_KWARGS = {
    "partner": lambda objs: PartnerFactory(area=objs.area),
    "partner_contact": lambda objs: PartnerContactFactory(partner=objs["partner"]),
    "national_import": lambda objs: NationalImportFactory(area=objs.area),
}
# the national schools import's pages are the stewards' (an officer gets a 404 even for a run
# that touched their area: they read their part on the register's page)
STEWARD_URLS = {"partners:national-import-detail", "partners:national-import-confirm"}


# ---------------------------------------------------------------------------
# The write matrix (tests/test_write_matrix.py): the partner register's writes
# are its officers'; a partner contact changes only their own organisation's lead
# contact and notes. Board members and stewards write nothing here.
# ---------------------------------------------------------------------------
def _contact_of_partner(objs):
    """A partner contact of the partner in ``objs``: refused for what is not theirs to do."""
    return PartnerContactFactory(partner=objs["partner"]).user


def _partner_payload(objs, user):
    return {
        "name": "Northshire Youth Action", "org_type": "vcs", "urn": "", "ukprn": "", "ods_code": "",
        "engagement": "engaged", "lead_contact_name": "Pat Lead", "lead_contact_email": "pat.lead@example.org",
        "notes": "Changed in the write matrix",
        "agreement_signed_on_0": "", "agreement_signed_on_1": "", "agreement_signed_on_2": "",
    }


def _import_payload(objs, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("partners.csv", b"name,org_type\nNorthshire Youth Action,vcs\n",
                                       content_type="text/csv")}


def _import_confirm_payload(objs, user):
    """A held upload of this user's for the area (made before the request, as a preview would)."""
    from partners.models import PartnerImport

    token = f"{objs.area.pk:08d}matrix{getattr(user, 'pk', 0):010d}"[:32]
    if user is not None:
        PartnerImport.objects.create(token=token, area=objs.area, created_by=user, filename="partners.csv",
                                     data=b"name,org_type\nNorthshire Youth Action,vcs\n")
    return {"token": token}


def _national_payload(objs, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("edubasealldata.csv", b'"URN","LA (code)"\r\n"100001","801"\r\n',
                                       content_type="text/csv")}


CONTACT = {"partner_contact": _contact_of_partner}
_NOT_STEWARDS = {"officer": NOT_FOUND, "board_member": NOT_FOUND, "partner_contact": NOT_FOUND}
WRITE_ROUTES = {
    "partners:partner-add": Write(ok={"officer"}, payload=_partner_payload),
    "partners:partner-edit": Write(ok={"officer", "partner_contact"}, payload=_partner_payload, users=CONTACT),
    # the check of an upload answers with its preview (200); what it writes is the held
    # upload, which the confirmation imports (that route's write is checked below)
    "partners:partner-import": Write(ok={"officer"}, payload=_import_payload, changes=False),
    "partners:partner-import-confirm": Write(ok={"officer"}, payload=_import_confirm_payload),
    "partners:partner-contact-add": Write(
        ok={"officer"}, users=CONTACT,
        payload=lambda objs, user: {"full_name": "Casey Contact", "email": "casey.contact@example.org"}),
    "partners:partner-contact-remove": Write(ok={"officer"}, users=CONTACT),
    "partners:partner-contact-invite": Write(ok={"officer"}, users=CONTACT),
    # the upload holds the file and queues its check; the confirmation queues the import
    "partners:national-import": Write(ok={"steward_edit"}, expect=_NOT_STEWARDS, payload=_national_payload),
    "partners:national-import-confirm": Write(ok={"steward_edit"}, expect=_NOT_STEWARDS),
}


# A national GIAS extract (the schools import's input)
GIAS_NATIONAL_HEADER = ["URN", "LA (code)", "LA (name)", "EstablishmentName", "TypeOfEstablishment (name)",
                        "EstablishmentStatus (name)", "PhaseOfEducation (name)", "OpenDate", "CloseDate",
                        "ReasonEstablishmentOpened (name)", "ReasonEstablishmentClosed (name)", "UKPRN", "Street"]


def gias_extract(*rows, encoding="cp1252", header=GIAS_NATIONAL_HEADER, cut_last=False):
    """A GIAS "all establishments" extract as published: every field quoted, Windows-1252, CRLF."""
    lines = [",".join(f'"{h}"' for h in header)]
    for row in rows:
        values = {"LA (name)": "Area", "PhaseOfEducation (name)": "Primary", "Street": '1 High St, "Old Mill"',
                  "ReasonEstablishmentOpened (name)": "Not applicable",
                  "ReasonEstablishmentClosed (name)": "Not applicable", "OpenDate": "", "CloseDate": "",
                  "UKPRN": "", **row}
        lines.append(",".join('"' + values.get(h, "").replace('"', '""') + '"' for h in header))
    if cut_last:
        lines[-1] = lines[-1].rsplit(",", 4)[0]
    return io.BytesIO(("\r\n".join(lines) + "\r\n").encode(encoding))


def gias_school(urn, la, name, status="Open", kind="Community school", **extra):
    """One establishment's row of a GIAS extract (``extra``: further columns by heading)."""
    return {"URN": str(urn), "LA (code)": la, "EstablishmentName": name, "TypeOfEstablishment (name)": kind,
            "EstablishmentStatus (name)": status, **extra}
