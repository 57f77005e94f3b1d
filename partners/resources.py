"""Bulk import and export of partners in the admin (django-import-export).

A row is matched to an existing partner of the area named by its LA code: by URN,
UKPRN or ODS code when the row has one, else by name and organisation type, so a
re-import updates instead of duplicating. Every row is checked by the model's
``full_clean`` (identifiers for the type, one URN per area, signing dates), so a bad
row is a row error and the whole file is refused (the import runs in one transaction).
Exports escape cells that a spreadsheet would run as formulae
(``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``).
"""
from import_export import fields, resources, widgets

from partners import law
from partners.models import Partner
from trusts.models import Area

IDENTIFIERS = ("urn", "ukprn", "ods_code")
ORG_TYPE_LABELS = {t.label.lower(): t.code for t in law.ORG_TYPES}
ENGAGEMENT_LABELS = {label.lower(): value for value, label in Partner.Engagement.choices}
PHASE_LABELS = {label.lower(): value for value, label in Partner.Phase.choices}


class AreaWidget(widgets.ForeignKeyWidget):
    """The area by its 3-digit DfE LA code, with a plain message when there is none."""

    def __init__(self):
        super().__init__(Area, field="la_code")

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            raise ValueError("Enter the area's LA code, like 873")
        area = Area.objects.filter(la_code=code).first()
        if area is None:
            raise ValueError(f"No area has LA code {code}")
        return area


class TextWidget(widgets.CharWidget):
    """Text with surrounding spaces removed; blank is an empty string."""

    def __init__(self, upper=False):
        super().__init__(allow_blank=True)
        self.upper = upper

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        return text.upper() if self.upper else text


class ChoiceWidget(widgets.CharWidget):
    """A code, or its label in any case. Unknown values are kept for ``full_clean`` to refuse;
    blank is None, so the field keeps its current (or default) value."""

    def __init__(self, labels):
        super().__init__(allow_blank=True)
        self.labels = labels

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        return self.labels.get(text.lower(), text)


class PartnerResource(resources.ModelResource):
    la_code = fields.Field(attribute="area", column_name="la_code", widget=AreaWidget())
    area = fields.Field(attribute="area__name", column_name="area", readonly=True)
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    org_type = fields.Field(attribute="org_type", column_name="org_type", widget=ChoiceWidget(ORG_TYPE_LABELS))
    phase = fields.Field(attribute="phase", column_name="phase", widget=ChoiceWidget(PHASE_LABELS),
                         saves_null_values=False)
    urn = fields.Field(attribute="urn", column_name="urn", widget=TextWidget())
    ukprn = fields.Field(attribute="ukprn", column_name="ukprn", widget=TextWidget())
    ods_code = fields.Field(attribute="ods_code", column_name="ods_code", widget=TextWidget(upper=True))
    academy_funding_agreement = fields.Field(attribute="academy_funding_agreement",
                                             column_name="academy_funding_agreement",
                                             widget=widgets.BooleanWidget(), saves_null_values=False)
    engagement = fields.Field(attribute="engagement", column_name="engagement",
                              widget=ChoiceWidget(ENGAGEMENT_LABELS), saves_null_values=False)
    agreement_signed_on = fields.Field(attribute="agreement_signed_on", column_name="agreement_signed_on",
                                       widget=widgets.DateWidget(format="%Y-%m-%d"))
    lead_contact_name = fields.Field(attribute="lead_contact_name", column_name="lead_contact_name",
                                     widget=TextWidget())
    lead_contact_email = fields.Field(attribute="lead_contact_email", column_name="lead_contact_email",
                                      widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta:
        model = Partner
        fields = ["la_code", "area", "name", "org_type", "phase", "urn", "ukprn", "ods_code", "academy_funding_agreement",
                  "engagement", "agreement_signed_on", "lead_contact_name", "lead_contact_email", "notes"]
        export_order = fields
        import_id_fields = []  # matched in get_instance: LA code + identifier, or name + type
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # full_clean(): type, identifiers, one URN per area, dates
        use_bulk = False  # each row saved on its own so its history row names the steward

    def get_queryset(self):
        return Partner.objects.select_related("area").order_by("area__la_code", "name", "pk")

    def get_instance(self, instance_loader, row):
        area = Area.objects.filter(la_code=str(row.get("la_code") or "").strip()).first()
        if area is None:
            return None  # the la_code field reports the error
        partners = Partner.objects.filter(area=area)
        given = {}
        for name in IDENTIFIERS:
            value = str(row.get(name) or "").strip()
            if value:
                given[name] = value.upper() if name == "ods_code" else value
                found = partners.filter(**{name: given[name]}).first()
                if found is not None:
                    return found
        name = str(row.get("name") or "").strip()
        org_type = ChoiceWidget(ORG_TYPE_LABELS).clean(row.get("org_type"))
        if not name or not org_type:
            return None
        # a partner first registered without this identifier is the same organisation
        return partners.filter(name__iexact=name, org_type=org_type,
                               **{field: "" for field in given}).order_by("pk").first()
