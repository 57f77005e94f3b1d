from crispy_forms.utils import TEMPLATE_PACK, flatatt
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from trusts.dates import long_date
from trusts.models import AuthorityType, Region, Area, framework_choices


class GdsFormHelper(FormHelper):
    """crispy-forms-gds's helper whose <form> always has ``novalidate``: the server checks
    every field and answers with the GOV.UK error summary, never the browser's own pop-up
    (which neither matches the Design System nor is read reliably by screen readers). Set
    here, not in ``attrs``, so a form that sets its own ``attrs`` (an upload's enctype) keeps it."""

    def get_attributes(self, template_pack=TEMPLATE_PACK):
        items = super().get_attributes(template_pack)
        items["attrs"] = {**items["attrs"], "novalidate": True}
        items["flat_attrs"] = flatatt(items["attrs"])
        return items


class GdsFormMixin:
    """Every form renders through crispy-forms-gds with an error summary."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GdsFormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.add_input(Submit("submit", self.submit_label))


class SignInForm(GdsFormMixin, auth_forms.AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Ask your administrator to reopen it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"


class PasswordChangeForm(GdsFormMixin, auth_forms.PasswordChangeForm):
    submit_label = "Change password"


class PasswordResetForm(GdsFormMixin, forms.Form):
    """Only the address: the look-up and the e-mail happen in a worker (trusts.accounts)."""

    submit_label = "Send reset link"
    email = forms.EmailField(
        label="Email address", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.org"},
    )


class SetPasswordForm(GdsFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Set password"


class AreaContactsForm(GdsFormMixin, forms.ModelForm):
    """What an officer may change about their own area; codes and type belong to stewards."""

    submit_label = "Save changes"

    class Meta:
        model = Area
        fields = ["director_name", "director_email", "lead_member_name", "lead_member_email", "framework"]
        labels = {"framework": "Statutory framework the area runs under"}


class GdsDateField(DateInputField):
    """The GOV.UK date input (day, month and year boxes) every form in the service uses,
    with messages that name the date and never raw Python error text."""

    def __init__(self, *, what, example="27 3 2027", **kwargs):
        super().__init__(**kwargs)
        self.example = example
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"{what[0].upper()}{what[1:]} must include a day, month and year"

    def clean(self, value):
        # a date partly given is an error even where the date is optional (crispy-forms-gds drops it)
        if isinstance(value, (list, tuple)) and any(v not in self.empty_values for v in value) \
                and any(v in self.empty_values for v in value):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        return super().clean(value)

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError):  # 31 2 2027, or a year of 20 digits
            raise ValidationError(f"Enter a real date, like {self.example}") from None


class DirectionForm(GdsFormMixin, forms.Form):
    submit_label = "Issue direction"

    area = forms.ModelChoiceField(queryset=Area.objects.order_by("name"), label="Local area",
                                  error_messages={"required": "Select the local area"})
    arrangement = forms.ChoiceField(label="Arrangement concerned", choices=[],
                                    error_messages={"required": "Select the arrangement concerned"})
    reason = forms.CharField(label="Why the arrangements are not operating successfully", widget=forms.Textarea,
                             error_messages={"required": "Enter why the arrangements are not operating successfully"})
    required_action = forms.CharField(label="What must be done", widget=forms.Textarea,
                                      error_messages={"required": "Enter what must be done"})
    due_by = GdsDateField(label="By when", what="the date it must be done by", help_text="For example, 27 3 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from trusts.models import Direction

        self.fields["arrangement"].choices = Direction.Arrangement.choices


class DirectionResponseForm(GdsFormMixin, forms.Form):
    submit_label = "Send response"
    text = forms.CharField(label="Your response", widget=forms.Textarea,
                           error_messages={"required": "Enter your response to the direction"})


class FrameworkChangeForm(GdsFormMixin, forms.Form):
    submit_label = "Schedule change"

    framework = forms.ChoiceField(label="Framework", choices=[], error_messages={"required": "Select a framework"})
    effective_on = GdsDateField(label="Comes into force on", what="the date it comes into force",
                                example="1 4 2027", help_text="For example, 1 4 2027")
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.order_by("name"), required=False, label="Areas",
        help_text="Leave empty to apply to every area", widget=forms.SelectMultiple,
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from trusts.models import framework_choices

        self.fields["framework"].choices = framework_choices()

    def clean_effective_on(self):
        from django.utils import timezone

        value = self.cleaned_data["effective_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The date it comes into force must be in the future")
        return value


class DashboardFilterForm(GdsFormMixin, forms.Form):
    """The national dashboard's filters (a GET form: bookmarkable, works without JavaScript).
    ``flags``: (value, label) of each "Show only" choice; ``sorts``: the column keys the
    table sorts by. The sort is kept when the filters change; an unknown one sorts by name."""

    submit_label = "Apply filters"
    as_of = GdsDateField(label="Figures as of", what="the date to show the figures as of", example="31 3 2011",
                         required=False, help_text="Leave blank for today. For example, 31 3 2011")
    year = forms.TypedChoiceField(label="Financial year (pooled budgets)", required=False, coerce=int,
                                  empty_value=None,
                                  error_messages={"invalid_choice": "Select a financial year from the list"})
    region = forms.ChoiceField(label="Region", required=False,
                               error_messages={"invalid_choice": "Select a region from the list"})
    flag = forms.ChoiceField(label="Show only", required=False,
                             error_messages={"invalid_choice": "Select which areas to show from the list"})
    authority_type = forms.ChoiceField(label="Authority type", required=False,
                                       error_messages={"invalid_choice": "Select an authority type from the list"})
    framework = forms.ChoiceField(label="Framework", required=False,
                                  error_messages={"invalid_choice": "Select a framework from the list"})
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    order = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, flags=(), sorts=(), today=None, years=(), **kwargs):
        """``years``: every financial year the figures may be asked for, as (year, label);
        ``today``: the latest date the figures may be shown as of."""
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        self.sorts = set(sorts)
        self.today = today or timezone.localdate()
        self.helper.form_method = "get"
        self.fields["year"].choices = [("", "Latest year with figures"), *years]
        self.fields["region"].choices = [("", "Any"), *Region.choices]
        self.fields["flag"].choices = [("", "All areas"), *flags]
        self.fields["authority_type"].choices = [("", "Any"), *AuthorityType.choices]
        # the framework's name is what the table shows and what the filter matches
        self.fields["framework"].choices = [("", "Any"), *[(name, name) for _code, name in framework_choices()]]
        quarter = "govuk-grid-column-one-quarter"
        self.helper.layout = Layout(
            Div(Div(Field("as_of"), css_class="govuk-grid-column-one-half"),
                Div(Field.select("year"), css_class="govuk-grid-column-one-half"), css_class="govuk-grid-row"),
            Div(*[Div(Field.select(name), css_class=quarter) for name in ("region", "flag", "authority_type",
                                                                            "framework")],
                css_class="govuk-grid-row"),
            "sort", "order",
        )

    def clean_as_of(self):
        """A date the rules can be applied on: not after today, and one a framework was in force."""
        day = self.cleaned_data["as_of"]
        if day is None:
            return None
        if day > self.today:
            raise forms.ValidationError(f"The date to show the figures as of must be today or in the past, "
                                        f"like {self.today:%-d %-m %Y}")
        try:
            Area(framework="").effective_framework(day)
        except LookupError:
            raise forms.ValidationError(f"There are no statutory rules to apply on {long_date(day)}: "
                                        "enter a later date") from None
        return day

    def clean_sort(self):
        return self.cleaned_data["sort"] if self.cleaned_data["sort"] in self.sorts else ""

    def clean_order(self):
        return "desc" if self.cleaned_data["order"] == "desc" else ""

    def values(self):
        """The valid filters and sort (an invalid filter is dropped, with its error shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}
