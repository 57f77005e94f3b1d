"""Plan forms: parse and validate input only. Writes go through ``plans.services``."""
from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners import law
from partners.models import Partner
from plans.models import (
    Action,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanVersion,
    Priority,
)
from pooling.models import Outcome
from trusts.forms import GdsDateField, GdsFormMixin
from trusts.validators import SERVICE_EPOCH, DateRangeValidator, validate_visible_text

# The largest value a lock_version can hold (a PositiveIntegerField on every database).
MAX_LOCK_VERSION = 2_147_483_647
LOCK_MESSAGE = "The page you saved from is not valid. Reload the page and try again."


def lock_version_field(initial=None, required=False):
    """The version's lock_version as a hidden number: anything else is a form error, never a 500."""
    messages = {key: LOCK_MESSAGE for key in ("invalid", "min_value", "max_value", "required")}
    return forms.IntegerField(widget=forms.HiddenInput, initial=initial, required=required, min_value=0,
                              max_value=MAX_LOCK_VERSION, error_messages=messages)


class LockErrorAtTopMixin:
    def clean(self):
        data = super().clean()
        # the field is hidden: its error goes at the top of the page, where the user sees it
        if "lock_version" in self._errors:
            del self._errors["lock_version"]
            self.add_error(None, LOCK_MESSAGE)
        return data


class LockedFormMixin(LockErrorAtTopMixin, GdsFormMixin):
    """Carries the version's lock_version, so a save over someone else's is refused."""

    def __init__(self, *args, lock_version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"] = lock_version_field(lock_version)


class DeleteForm(LockErrorAtTopMixin, GdsFormMixin, forms.Form):
    """The delete button on a part of the plan: the lock_version the page was opened at."""

    lock_version = lock_version_field(required=True)


def _years_from_today(years):
    return lambda: timezone.localdate() + relativedelta(years=years)


def _today():
    return timezone.localdate()


# Sensible ranges for each kind of date (nothing in the service is older than SERVICE_EPOCH):
PLAN_LATEST = _years_from_today(20)  # a plan's period and its actions' deadlines
CONSULTED_LATEST = _years_from_today(1)  # a consultation recorded, or about to start


def _date_field(label, required=True, help_text="", earliest=SERVICE_EPOCH, latest=PLAN_LATEST):
    field = GdsDateField(label=label, required=required, help_text=help_text, what=f"the date: {label.lower()}",
                         example="31 3 2011")
    field.validators.append(DateRangeValidator(earliest, latest, what=f"The date ({label.lower()})"))
    return field


def visible_text(message):
    """``validate_visible_text`` with a message for the field (a priority, an action...)."""

    def validator(value):
        try:
            validate_visible_text(value)
        except ValidationError as exc:
            if exc.code == "invisible":
                raise ValidationError(message, code="invisible") from None
            raise

    return validator


SECTIONS = {
    "details": ("The plan's title and period", ["title", "period_start", "period_end"]),
    "needs": ("Joint needs assessment", ["needs_assessment"]),
    "early": ("Early identification and early intervention",
              ["early_universal", "early_targeted", "early_partner_roles", "early_workforce"]),
    "commissioning": ("Joint commissioning arrangements", ["commissioning"]),
    "links": ("Links to the Sustainable Community Strategy and the Local Area Agreement", ["scs_link", "laa_link"]),
}
SECTION_HINTS = {
    "needs_assessment": "The needs of children and young people in the area against the five outcomes.",
    "early_universal": "For example, through children's centres and extended schools.",
    "early_targeted": "Services for children who need additional help.",
    "early_partner_roles": "Who does what in identifying needs early and intervening.",
    "early_workforce": "What this means for the children's workforce: training, roles, numbers.",
    "scs_link": "The plan must be consistent with the Sustainable Community Strategy (para 35).",
    "laa_link": "The plan gives the context for the children's targets in the Local Area Agreement (para 29, 35).",
}


class SectionForm(LockedFormMixin, forms.ModelForm):
    submit_label = "Save"

    class Meta:
        model = PlanVersion
        fields = ["title", "period_start", "period_end", "needs_assessment", "early_universal", "early_targeted",
                  "early_partner_roles", "early_workforce", "commissioning", "scs_link", "laa_link"]

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        keep = SECTIONS[section][1]
        for name in list(self.fields):
            if name not in keep and name != "lock_version":
                del self.fields[name]
        if "period_start" in self.fields:
            self.fields["period_start"] = _date_field("Plan starts on", required=False,
                                                      help_text="For example, 1 4 2010")
            self.fields["period_end"] = _date_field(
                "Plan ends on", required=False,
                help_text="Leave blank: the joint plan has no fixed duration (para 36). For example, 31 3 2013")
            self.fields["title"].error_messages["required"] = "Enter the title of the plan"
            self.fields["title"].validators.append(visible_text("Enter the title of the plan"))
        for name, hint in SECTION_HINTS.items():
            if name in self.fields:
                self.fields[name].help_text = hint
                self.fields[name].widget.attrs["rows"] = 6

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The plan must end after it starts")
        return data


class PartnerChoiceMixin:
    def _partners(self, area, name, required):
        field = self.fields[name]
        field.queryset = Partner.objects.filter(area=area).order_by("name")
        field.required = required
        field.empty_label = "Select a partner"
        field.error_messages["required"] = "Select the responsible partner"
        field.error_messages["invalid_choice"] = "Select a partner from the area's register"


def radios_without_blank(field):
    """A model field's choices rendered as radios lose Django's "---------" blank choice: a
    radio list offers only real answers, and the field's "required" message covers none chosen."""
    field.choices = [(value, label) for value, label in field.choices if value not in ("", None)]


class PriorityForm(LockedFormMixin, forms.ModelForm):
    submit_label = "Save priority"

    class Meta:
        model = Priority
        fields = ["outcome", "title"]
        widgets = {"outcome": forms.RadioSelect}
        error_messages = {"title": {"required": "Enter the priority"},
                          "outcome": {"required": "Select the Every Child Matters outcome"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        radios_without_blank(self.fields["outcome"])
        self.fields["title"].validators.append(visible_text("Enter the priority"))


class ActionForm(PartnerChoiceMixin, LockedFormMixin, forms.ModelForm):
    submit_label = "Save action"

    class Meta:
        model = Action
        fields = ["description", "responsible_partner", "due_by", "measure"]
        error_messages = {"description": {"required": "Enter what will be done"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self._partners(area, "responsible_partner", True)
        self.fields["due_by"] = _date_field("By when", help_text="For example, 31 3 2011")
        self.fields["measure"].required = True
        self.fields["measure"].error_messages["required"] = "Enter how progress will be measured"
        self.fields["measure"].help_text = "For example, a national indicator (NI 56) or a local measure."
        self.fields["measure"].widget.attrs["rows"] = 3
        self.fields["description"].widget.attrs["rows"] = 3
        self.fields["description"].validators.append(visible_text("Enter what will be done"))


class GapActionForm(PartnerChoiceMixin, LockedFormMixin, forms.ModelForm):
    submit_label = "Save key action"

    class Meta:
        model = GapAction
        fields = ["gap", "description", "responsible_partner", "due_by"]
        error_messages = {"gap": {"required": "Enter the gap in provision"},
                          "description": {"required": "Enter the key action"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self._partners(area, "responsible_partner", True)
        self.fields["due_by"] = _date_field("By when", help_text="For example, 31 3 2011")
        for name, message in (("gap", "Enter the gap in provision"), ("description", "Enter the key action")):
            self.fields[name].widget.attrs["rows"] = 3
            self.fields[name].validators.append(visible_text(message))


class ConsulteeForm(PartnerChoiceMixin, LockedFormMixin, forms.ModelForm):
    submit_label = "Save"

    class Meta:
        model = Consultee
        fields = ["kind", "partner", "org_type", "group", "detail", "consulted_from", "consulted_to", "method"]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {"kind": {"required": "Select who was consulted"},
                          "method": {"required": "Enter how they were consulted"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        radios_without_blank(self.fields["kind"])
        self._partners(area, "partner", False)
        self.fields["partner"].label = "Partner (if a partner from the register)"
        self.fields["org_type"].label = "Type of partner (if a type of partner)"
        self.fields["org_type"].choices = [("", "Select a type of partner"), *law.org_type_choices()]
        self.fields["group"].label = "Group (if a group named in the regulations)"
        self.fields["group"].choices = [("", "Select a group"), *Consultee.Group.choices]
        self.fields["consulted_from"] = _date_field("Consulted from", help_text="For example, 1 9 2009",
                                                    latest=CONSULTED_LATEST)
        self.fields["consulted_to"] = _date_field("Consulted until", required=False,
                                                  help_text="Leave blank if it was one day", latest=CONSULTED_LATEST)
        self.fields["method"].widget.attrs["rows"] = 3

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Consultee.Kind.PARTNER and not data.get("partner"):
            self.add_error("partner", "Select the partner that was consulted")
        if kind == Consultee.Kind.PARTNER_TYPE and not data.get("org_type"):
            self.add_error("org_type", "Select the type of partner that was consulted")
        if kind == Consultee.Kind.GROUP and not data.get("group"):
            self.add_error("group", "Select the group that was consulted")
        # keep only the field the kind uses
        if kind != Consultee.Kind.PARTNER:
            data["partner"] = None
        if kind != Consultee.Kind.PARTNER_TYPE:
            data["org_type"] = ""
        if kind != Consultee.Kind.GROUP:
            data["group"] = ""
        start, end = data.get("consulted_from"), data.get("consulted_to")
        if start and end and end < start:
            self.add_error("consulted_to", "The end of the consultation must be on or after its start")
        return data


class SpendForm(PartnerChoiceMixin, LockedFormMixin, forms.ModelForm):
    submit_label = "Save spend"

    class Meta:
        model = PartnerSpend
        fields = ["partner", "financial_year", "spend_area", "amount"]
        error_messages = {"financial_year": {"required": "Enter the financial year, like 2009",
                                             "invalid": "Enter the financial year as a number, like 2009"},
                          "spend_area": {"required": "Select what the money is spent on"},
                          "amount": {"required": "Enter the amount in pounds",
                                     "invalid": "Enter the amount in pounds, like 125000.00",
                                     "max_digits": "The amount must be £1,000,000,000 (£1bn) or less",
                                     "max_decimal_places": "Enter the amount to the nearest penny"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self._partners(area, "partner", True)
        self.fields["partner"].error_messages["required"] = "Select the partner"
        self.fields["financial_year"].label = "Financial year (the year it starts in)"
        self.fields["financial_year"].help_text = "2009 means 2009-10 (1 April 2009 to 31 March 2010)"


class TransitionForm(GdsFormMixin, forms.Form):
    submit_label = "Continue"
    ACTIONS = [
        ("consultation", "Send out for consultation"),
        ("agreement", "Send to partners to agree"),
        ("draft", "Take back to draft"),
        ("new", "Start a new version"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    comment = forms.CharField(label="Comment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AgreementStartForm(TransitionForm):
    """Sending for agreement also sets the date partners answer by (20 working days by default)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"] = _date_field(
            "Partners to answer by", help_text="Shown in every e-mail and reminder about this round. "
            "For example, 30 4 2010", earliest=_tomorrow, latest=_years_from_today(1))


def _tomorrow():
    return timezone.localdate() + relativedelta(days=1)


class AgreementRecordForm(GdsFormMixin, forms.Form):
    """An answer a partner sent by letter or e-mail, or gave at a meeting, recorded by an officer."""

    submit_label = "Record the answer"
    decision = forms.ChoiceField(
        label="What did the partner answer?", widget=forms.RadioSelect,
        choices=[(AgreementResponse.Decision.AGREE, "It agrees the plan"),
                 (AgreementResponse.Decision.OBJECT, "It objects to the plan")],
        error_messages={"required": "Select whether the partner agrees the plan or objects to it"},
    )
    reasons = forms.CharField(label="The partner's reasons for objecting", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}), help_text="Needed only if it objects.")
    channel = forms.ChoiceField(label="How did the answer come?", widget=forms.RadioSelect,
                                choices=AgreementResponse.Channel.choices,
                                error_messages={"required": "Select how the answer came"})
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000, help_text="For example, who signed the letter, or the meeting's minute "
                           "reference.")
    # checked by content in the service (plans.uploads): the form only takes the file
    document = forms.FileField(
        label="The letter or e-mail (optional)", required=False,
        help_text="A PDF, Word document (.doc or .docx), OpenDocument text file (.odt), saved e-mail (.eml), text "
                  "file (.txt), or a PNG or JPEG scan, smaller than 20 MB.",
        error_messages={"invalid": "The selected file could not be read. Choose the file again",
                        "empty": "The selected file is empty"})

    def __init__(self, *args, asked_on, **kwargs):
        super().__init__(*args, **kwargs)
        # between the day the partner was asked and today
        self.fields["received_on"] = _date_field("Date the answer was received", help_text="For example, 12 4 2010",
                                                 earliest=asked_on, latest=_today)
        self.order_fields(["decision", "reasons", "received_on", "channel", "note", "document"])
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean(self):
        data = super().clean()
        if data.get("decision") == AgreementResponse.Decision.OBJECT and not (data.get("reasons") or "").strip():
            self.add_error("reasons", "Enter the partner's reasons for objecting")
        return data


class AgreementRepresentForm(GdsFormMixin, forms.Form):
    """The holder of a board seat answers for the partners the seat represents."""

    submit_label = "Give this answer for the partners"
    decision = forms.ChoiceField(
        label="Do the partners you represent agree this version of the plan?", widget=forms.RadioSelect,
        choices=[(AgreementResponse.Decision.AGREE, "Yes, they agree it"),
                 (AgreementResponse.Decision.OBJECT, "No, they object to it")],
        error_messages={"required": "Select whether the partners you represent agree the plan or object to it"},
    )
    reasons = forms.CharField(label="Reasons for objecting", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Needed only if they object. An objection sends the plan back to the council "
                                        "to change.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == AgreementResponse.Decision.OBJECT and not (data.get("reasons") or "").strip():
            self.add_error("reasons", "Enter the reasons for objecting")
        return data


class AgreementForm(GdsFormMixin, forms.Form):
    submit_label = "Record our answer"
    decision = forms.ChoiceField(
        label="Does your organisation agree this version of the plan?", widget=forms.RadioSelect,
        choices=[(AgreementResponse.Decision.AGREE, "Yes, we agree it"),
                 (AgreementResponse.Decision.OBJECT, "No, we object to it")],
        error_messages={"required": "Select whether your organisation agrees the plan or objects to it"},
    )
    reasons = forms.CharField(label="Reasons for objecting", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Needed only if you object. The council officer will see them.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == AgreementResponse.Decision.OBJECT and not (data.get("reasons") or "").strip():
            self.add_error("reasons", "Enter your organisation's reasons for objecting")
        return data


class BoardSubmitForm(GdsFormMixin, forms.Form):
    submit_label = "Put on the agenda"
    meeting = forms.ModelChoiceField(queryset=None, label="Board meeting", empty_label="Select a meeting",
                                     error_messages={"required": "Select the board meeting",
                                                     "invalid_choice": "Select a meeting of the area's board"})

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class DecisionForm(GdsFormMixin, forms.Form):
    submit_label = "Record the board's decision"
    decision = forms.ChoiceField(
        label="The board's decision", widget=forms.RadioSelect,
        choices=[("approve", "Approve and publish the plan"), ("reject", "Reject the plan")],
        error_messages={"required": "Select whether the board approves or rejects the plan"},
    )
    reasons = forms.CharField(label="Reasons for rejecting", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Needed only if the board rejects it.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reasons") or "").strip():
            self.add_error("reasons", "Enter the board's reasons for rejecting the plan")
        return data


class ReviewForm(GdsFormMixin, forms.Form):
    submit_label = "Save the review"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"] = _date_field("Reviewed on", help_text="For example, 1 3 2011", latest=_today)
        self.fields["needs_assessment_update"] = forms.CharField(
            label="Updated needs assessment", widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": "Enter the updated needs assessment"})
        for outcome in Outcome:
            self.fields[f"progress_{outcome.value}"] = forms.CharField(
                label=f"{outcome.label}: progress against the measures", widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": f"Enter the progress for {outcome.label.lower()}"})

    def progress(self):
        return {o.value: self.cleaned_data[f"progress_{o.value}"] for o in Outcome}


class ReviewNoteForm(GdsFormMixin, forms.Form):
    submit_label = "Record the date"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["noted_on"] = _date_field("Date the board noted the review", help_text="For example, 15 3 2011",
                                              latest=_today)


class SettingsForm(GdsFormMixin, forms.Form):
    submit_label = "Save"
    review_interval_months = forms.IntegerField(
        label="Months between annual reviews", min_value=1, max_value=36,
        help_text="12 by default: the plan is reviewed in each year a new plan is not published (para 36).",
        error_messages={"required": "Enter the number of months between reviews",
                        "invalid": "Enter the number of months as a whole number, like 12",
                        "min_value": "The review interval must be at least 1 month",
                        "max_value": "The review interval must be 36 months or fewer"})


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(queryset=None, label="Compare version", empty_label=None)
    b = forms.ModelChoiceField(queryset=None, label="with version", empty_label=None)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = versions
            self.fields[name].label_from_instance = lambda v: f"Version {v.number} ({v.get_status_display().lower()})"
