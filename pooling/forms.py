"""Forms parse and check input; the rules (eligibility, years, double entries) are
the services' (``pooling.rules``), whose messages the views put on these forms."""

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from partners.models import Partner
from pooling import rules
from pooling.models import Contribution, Outcome, PooledFund, ServiceArea, Stage
from pooling.years import FinancialYear
from trusts.forms import GdsDateField, GdsFormMixin
from trusts.validators import SERVICE_EPOCH, DateRangeValidator, validate_visible_text

# s10 pooled funds began with the Children Act 2004; a fund is planned at most ten years
# ahead and runs at most MAX_YEARS_PER_FUND years (rules.fund_errors)
FUND_DATES = {
    "start_date": DateRangeValidator(SERVICE_EPOCH, lambda: timezone.localdate() + relativedelta(years=10),
                                     "The start date"),
    "end_date": DateRangeValidator(SERVICE_EPOCH, lambda: timezone.localdate() + relativedelta(years=35),
                                   "The end date"),
}


class PoundsField(forms.Field):
    """Money in pounds to the penny, as a Decimal. Accepts "£25,000.50"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false",
                                    "class": "govuk-input govuk-input--width-10"})

    def __init__(self, *, noun="value", **kwargs):
        kwargs.setdefault("error_messages", {"required": f"Enter the {noun} in pounds"})
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace("£", "").replace(",", "").replace(" ", "")
        if not text:
            return None
        return rules.parse_value(text)


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.org_type_info.label})"


def _radios(choices, message, **kwargs):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages={
        "required": message, "invalid_choice": message}, **kwargs)


class FundForm(GdsFormMixin, forms.Form):
    submit_label = "Save the fund"

    name = forms.CharField(label="Name of the fund", max_length=200, validators=[validate_visible_text],
                           error_messages={"required": "Enter the name of the fund",
                                           "max_length": "The name must be 200 characters or fewer"})
    purpose = forms.CharField(label="Purpose", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                              help_text="What the fund pays for and which children it helps",
                              error_messages={"required": "Enter the purpose of the fund",
                                              "max_length": "The purpose must be 5,000 characters or fewer"})
    legal_basis = _radios(PooledFund.LegalBasis.choices, "Select the legal basis of the fund", label="Legal basis")
    host = PartnerChoiceField(
        queryset=Partner.objects.none(), label="Host (accountable body)",
        help_text="The authority itself or another partner that can take part",
        empty_label="Choose the host",
        error_messages={"required": "Select the host of the fund",
                        "invalid_choice": "Choose a host from this area's partners"},
    )
    start_date = GdsDateField(what="the start date", example="1 4 2008", label="Start date",
                              help_text="For example, 1 4 2008",
                              validators=[FUND_DATES["start_date"]])
    end_date = GdsDateField(what="the end date", example="31 3 2011", label="End date",
                            help_text="For example, 31 3 2011",
                            validators=[FUND_DATES["end_date"]])
    status = _radios(PooledFund.Status.choices, "Select the status of the fund", label="Status",
                     initial=PooledFund.Status.PROPOSED)

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Partner.objects.filter(area=area).order_by("name")


class ContributionForm(GdsFormMixin, forms.Form):
    submit_label = "Save the contribution"

    partner = PartnerChoiceField(
        queryset=Partner.objects.none(), label="Partner", empty_label="Choose a partner",
        error_messages={"required": "Select the partner making the contribution",
                        "invalid_choice": "Choose a partner from this area's children's trust"},
    )
    year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=())
    kind = _radios(Contribution.Kind.choices, "Select what kind of contribution it is", label="Kind of contribution",
                   initial=Contribution.Kind.CASH)
    stage = _radios(Stage.choices, "Select whether the figure is planned or actual", label="Planned or actual",
                    initial=Stage.PLANNED)
    value = PoundsField(label="Value in pounds", help_text="To the penny, for example 25000 or 1250.50")
    description = forms.CharField(
        label="Description", required=False, max_length=300,
        help_text="Required for staff, goods, services, accommodation or other resources: what, and how it is valued",
        error_messages={"max_length": "The description must be 300 characters or fewer"},
    )

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(area_id=fund.area_id).order_by("name")
        year = self.fields["year"]
        year.choices = [("", "Choose a year"), *FinancialYear.choices(fund.years)]
        message = f"Choose a financial year the fund covers: {fund.period_label}"
        year.error_messages = {"required": "Select the financial year", "invalid_choice": message}


class FigureEditForm(GdsFormMixin, forms.Form):
    """Change a recorded figure; the history keeps the before and after."""

    submit_label = "Save the change"

    value = PoundsField(label="Value in pounds", help_text="To the penny, for example 25000 or 1250.50")
    description = forms.CharField(label="Description", required=False, max_length=300,
                                  error_messages={"max_length": "The description must be 300 characters or fewer"})


class SpendForm(GdsFormMixin, forms.Form):
    submit_label = "Save the spend"

    year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=())
    stage = _radios(Stage.choices, "Select whether the figure is planned or actual", label="Planned or actual",
                    initial=Stage.PLANNED)
    outcome = _radios(Outcome.choices, "Select the Every Child Matters outcome",
                      label="Every Child Matters outcome")
    service_area = _radios(ServiceArea.choices, "Select the service area", label="Service area")
    value = PoundsField(noun="spend", label="Spend in pounds", help_text="To the penny, for example 25000 or 1250.50")
    description = forms.CharField(label="Description (optional)", required=False, max_length=300,
                                  error_messages={"max_length": "The description must be 300 characters or fewer"})

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        year.choices = [("", "Choose a year"), *FinancialYear.choices(fund.years)]
        message = f"Choose a financial year the fund covers: {fund.period_label}"
        year.error_messages = {"required": "Select the financial year", "invalid_choice": message}
