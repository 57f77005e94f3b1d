"""Parse and check input only; writes go through services."""
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from partners import law
from partners.models import Partner
from partners.selectors import DUTY_FILTERS, SORTS
from trusts import csvio
from trusts.dates import long_date
from trusts.forms import GdsDateField, GdsFormMixin
from trusts.validators import validate_visible_text

IDENTIFIER_HINT = ("URN for schools, academies and children's centres; UKPRN for colleges; "
                   "ODS code for health bodies. Leave blank for others.")


class PartnerForm(GdsFormMixin, forms.ModelForm):
    """Add or change a partner (officers)."""

    submit_label = "Save partner"
    agreement_signed_on = GdsDateField(label="Date the partnership agreement was signed", required=False,
                                       what="the signing date", example="27 3 2009", help_text="For example, 27 3 2009")
    opened_on = GdsDateField(label="Date it opened", what="the date it opened", example="1 9 2012", required=False,
                             help_text="If known. For example, 1 9 2012")
    closed_on = GdsDateField(label="Date it closed", what="the date it closed", example="31 3 2013", required=False,
                             help_text="Only if the organisation has closed or been abolished: it stays on the "
                                       "register with its history, and stops being a partner from this date. "
                                       "For example, 31 3 2013")

    class Meta:
        model = Partner
        fields = ["name", "org_type", "phase", "urn", "ukprn", "ods_code", "academy_funding_agreement", "engagement",
                  "agreement_signed_on", "lead_contact_name", "lead_contact_email", "notes", "opened_on", "closed_on",
                  "closed_reason"]
        labels = {
            "name": "Name of the organisation",
            "org_type": "Organisation type",
            "phase": "Phase of education",
            "academy_funding_agreement": "Its funding agreement brings it within the duty to cooperate",
            "engagement": "Engagement",
            "lead_contact_name": "Lead contact's name",
            "lead_contact_email": "Lead contact's email address",
            "closed_reason": "Why it closed",
        }
        widgets = {"engagement": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": "Enter the name of the partner",
                     "max_length": "The name must be 200 characters or fewer"},
            "org_type": {"required": "Select the organisation type",
                         "invalid_choice": "Select an organisation type from the list"},
            "phase": {"invalid_choice": "Select a phase of education from the list"},
            "engagement": {"required": "Select the engagement status"},
            "lead_contact_email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["org_type"].choices = [("", "Select an organisation type"), *law.org_type_choices()]
        self.fields["academy_funding_agreement"].help_text = (
            "Academies only. Under the 2008 proposals an academy is within the duty only if its funding "
            "agreement says so (para 23); under the 2009 Act every academy is.")
        self.fields["engagement"].choices = Partner.Engagement.choices
        self.fields["phase"].choices = [("", "Not a school or college"), *Partner.Phase.choices]
        self.fields["phase"].help_text = ("Schools and colleges only, as on Get Information about Schools. "
                                          "Board seats for primary or secondary schools follow it.")
        self.fields["urn"].help_text = IDENTIFIER_HINT
        self.fields["ods_code"].help_text = "Organisation Data Service code, for health bodies, like 5PQ"
        self.helper.layout = Layout(
            Field.text("name"),
            Field.select("org_type"),
            Field.select("phase"),
            Fieldset(Field.text("urn", field_width=10), Field.text("ukprn", field_width=10),
                     Field.text("ods_code", field_width=10), legend="Identifiers", legend_size=Size.SMALL),
            Field.checkbox("academy_funding_agreement"),
            Field.radios("engagement", legend_size=Size.SMALL),
            Field("agreement_signed_on"),
            Field.text("lead_contact_name"),
            Field.text("lead_contact_email"),
            Field.textarea("notes"),
            Fieldset(Field("opened_on"), Field("closed_on"), Field.text("closed_reason"),
                     legend="Opening and closing", legend_size=Size.SMALL),
        )

    def clean_urn(self):
        return "".join(self.cleaned_data.get("urn", "").split())

    def clean_ukprn(self):
        return "".join(self.cleaned_data.get("ukprn", "").split())

    def clean_ods_code(self):
        return "".join(self.cleaned_data.get("ods_code", "").split()).upper()

    def clean(self):
        data = super().clean()
        # identifiers allowed per type, the signing date and the funding agreement are the
        # model's rules (Partner.clean), reported against their fields
        # unique within the area, with a message naming the partner that has it
        others = Partner.objects.filter(area=self.area)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for name in ("urn", "ukprn", "ods_code"):
            value = data.get(name)
            if value and name not in self.errors:
                holder = others.filter(**{name: value}).only("name").first()
                if holder:
                    self.add_error(name, f"{holder.name} already has {law.IDENTIFIER_NAMES[name]} {value} "
                                         "in this area")
        if data.get("closed_reason") and not data.get("closed_on") and "closed_on" not in self.errors:
            self.add_error("closed_on", "Enter the date it closed, or leave the reason blank")
        return data

    def validate_unique(self):
        """Uniqueness is checked in clean() with a message naming the holder, and the
        signing-date constraint by Partner.clean(): the database's generic messages would
        only repeat them."""


class PartnerContactForm(GdsFormMixin, forms.ModelForm):
    """What a partner contact may change about their own organisation."""

    submit_label = "Save changes"

    class Meta:
        model = Partner
        fields = ["lead_contact_name", "lead_contact_email", "notes"]
        labels = {"lead_contact_name": "Lead contact's name", "lead_contact_email": "Lead contact's email address"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "lead_contact_email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }


class ContactAddForm(GdsFormMixin, forms.Form):
    """An officer adds a person as a contact of a partner; a new person is invited."""

    submit_label = "Add contact"
    full_name = forms.CharField(
        label="Full name", max_length=120, required=False, validators=[validate_visible_text],
        help_text="Not needed if the person is already a contact of another partner",
        error_messages={"max_length": "The name must be 120 characters or fewer"})
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="We will email them a link to set a password and sign in",
        error_messages={"required": "Enter the contact's email address",
                        "invalid": "Enter an email address in the correct format, like name@example.org",
                        "max_length": "The email address must be 254 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("full_name"), Field.text("email", field_width=20))


class ContactRemoveForm(GdsFormMixin, forms.Form):
    """Confirm removing a contact (no fields: the button is the answer)."""

    submit_label = "Remove contact"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout()
        self.helper.inputs[0].field_classes += " govuk-button--warning"


class RegisterFilterForm(GdsFormMixin, forms.Form):
    """The register's filters (a GET form: bookmarkable, works without JavaScript)."""

    submit_label = "Apply filters"
    q = forms.CharField(label="Search by name, URN, UKPRN or ODS code", required=False, max_length=200)
    org_type = forms.ChoiceField(label="Organisation type", required=False)
    phase = forms.ChoiceField(label="Phase of education", required=False)
    duty = forms.ChoiceField(label="Duty", required=False)
    engagement = forms.ChoiceField(label="Engagement", required=False)
    closed = forms.BooleanField(label="Show closed partners", required=False,
                                help_text="Establishments that have closed are kept on the register with their history")
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["org_type"].choices = [("", "All types"), *law.org_type_choices()]
        self.fields["phase"].choices = [("", "Any"), *Partner.Phase.choices]
        self.fields["duty"].choices = [("", "Any"), *[(k, v[2]) for k, v in DUTY_FILTERS.items()]]
        if framework:
            self.fields["duty"].label = f"Duty under {framework.name}"
        self.fields["engagement"].choices = [("", "Any"), *Partner.Engagement.choices]
        self.fields["sort"].choices = [(k, k) for k in SORTS] + [(f"-{k}", k) for k in SORTS]
        self.helper.layout = Layout(Field.text("q"), Field.select("org_type"), Field.select("phase"),
                                    Field.select("duty"),
                                    Field.select("engagement"), Field.checkbox("closed"), "sort")

    def values(self):
        """The valid filters (an invalid one is dropped, with its error shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class DutiesOnForm(GdsFormMixin, forms.Form):
    """The day a partner's duty table answers for (a GET form; blank: today)."""

    submit_label = "Show the duties on this date"
    on = GdsDateField(label="Duties on", what="the date to show the duties on", example="31 8 2012",
                      required=False, help_text="Leave blank for today. For example, 31 8 2012")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.form_action = "#duties"
        self.helper.layout = Layout(Field("on"))

    def clean_on(self):
        """A day some framework was in force on (before the first, no duty existed to show)."""
        day = self.cleaned_data["on"]
        if day is not None:
            try:
                law.framework_in_force(day)
            except LookupError:
                first = min(f.in_force_from for f in law.FRAMEWORKS if f.in_force_from)
                raise forms.ValidationError(f"There were no duties to cooperate on {long_date(day)}: enter a date "
                                            f"on or after {long_date(first)}") from None
        return day

    def day(self):
        """The valid date asked for, or None (today)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get("on")


class FrameworkPickForm(GdsFormMixin, forms.Form):
    submit_label = "Show what changes"
    framework = forms.ChoiceField(label="Compare with", widget=forms.RadioSelect,
                                  error_messages={"required": "Select a framework to compare with",
                                                  "invalid_choice": "Select a framework from the list"})

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["framework"].choices = [(f.code, f.name) for f in law.FRAMEWORKS
                                            if current is None or f.code != current.code]
        self.helper.layout = Layout(Field.radios("framework", legend_size=Size.MEDIUM))


class ImportUploadForm(GdsFormMixin, forms.Form):
    submit_label = "Check the file"
    file = forms.FileField(
        label="Upload a CSV file", error_messages={"required": "Select a CSV file to upload",
                                                   "empty": "The selected file is empty"},
        help_text="Our register's columns, or an extract from Get Information About Schools. Up to 50 MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            data = csvio.read_bytes(upload)
        except csvio.CsvError as exc:
            raise forms.ValidationError(str(exc)) from None
        if not data.strip():
            raise forms.ValidationError("The selected file is empty")
        self.data_bytes = data
        return upload


class NationalImportUploadForm(GdsFormMixin, forms.Form):
    """The national extract: checked (a dry run) before anything is imported."""

    submit_label = "Check the file"
    file = forms.FileField(
        label="Upload the national extract", error_messages={"required": "Select a CSV file to upload",
                                                             "empty": "The selected file is empty"},
        help_text="The \"all establishments\" CSV file from Get Information about Schools, as downloaded. "
                  "Up to 300 MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean_file(self):
        from partners.national import MAX_NATIONAL_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_NATIONAL_BYTES:
            raise forms.ValidationError(f"The file must be smaller than {MAX_NATIONAL_BYTES // (1024 * 1024)} MB")
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)
