from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms

from trusts.models import Trust


class GdsFormMixin:
    """Every form renders through crispy-forms-gds with an error summary."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
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


class PasswordResetForm(GdsFormMixin, auth_forms.PasswordResetForm):
    submit_label = "Send reset link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"


class SetPasswordForm(GdsFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Set password"


class AreaContactsForm(GdsFormMixin, forms.ModelForm):
    """What an officer may change about their own area; codes and type belong to stewards."""

    submit_label = "Save changes"

    class Meta:
        model = Trust
        fields = ["director_name", "director_email", "lead_member_name", "lead_member_email", "framework"]
        labels = {"framework": "Statutory framework the area runs under"}
