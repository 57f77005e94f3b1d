"""Forms parse and check input only; services make the changes."""
import datetime
import re

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from boards.composition import SCHOOL_TYPES
from boards.groups import group_choices
from boards.models import (
    MEETING_DATE_RANGE,
    PAPER_MAX_BYTES,
    TERM_END_RANGE,
    TERM_START_RANGE,
    Attendance,
    Board,
    Constituency,
    Decision,
    Action,
    InterestKind,
    NotificationPreference,
    Seat,
    unusual_day,
)
from boards.uploads import ALLOWED
from partners import law
from partners.models import Partner
from trusts.dates import long_date
from trusts.forms import GdsDateField, GdsFormMixin
from trusts.models import Area
from trusts.validators import validate_visible_text

NUMERIC = {"inputmode": "numeric", "spellcheck": "false"}
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p", "%I.%M%p"]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _whole_number(**kwargs):
    """A whole-number field as a text input with a numeric keypad (GOV.UK advice, not type=number)."""
    return forms.IntegerField(widget=forms.TextInput(attrs=NUMERIC), **kwargs)


def _sized(name, width):
    # crispy-forms-gds drops the base govuk-input class when a width is given: keep both
    return Field(name, css_class=f"govuk-input govuk-input--width-{width}")


def _yes_no(value):
    return value == "yes"


def _time_field(label, required=True):
    return forms.TimeField(
        label=label, required=required, input_formats=TIME_FORMATS, widget=forms.TimeInput(format="%H:%M"),
        help_text="Use the 24-hour clock, like 18:30",
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"Enter the {label.lower()} like 18:30"},
    )


class BoardForm(GdsFormMixin, forms.Form):
    submit_label = "Save the board"

    name = forms.CharField(max_length=200, error_messages={"required": "Enter the name of the board"},
                           validators=[validate_visible_text],
                           help_text="Not every area calls it a Children's Trust Board (para 38)")
    terms_of_reference = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    quorum_kind = forms.ChoiceField(label="How is the quorum set?", choices=Board.QuorumKind.choices,
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "Select how the quorum is set"})
    quorum_number = _whole_number(label="Number of voting members", required=False, min_value=1,
                                  max_value=200,
                                       help_text="If the quorum is a number of members",
                                       error_messages={"min_value": "The quorum must be at least 1 member",
                                                       "invalid": "Enter the number of members as a whole number"})
    quorum_numerator = _whole_number(label="Fraction of voting seats: top number",
                                     required=False,
                                          min_value=1, max_value=100, help_text="For a half, enter 1 here and 2 below",
                                          error_messages={"invalid": "Enter the top number as a whole number",
                                                          "min_value": "The top number must be at least 1"})
    quorum_denominator = _whole_number(label="Fraction of voting seats: bottom number",
                                       required=False,
                                            min_value=1, max_value=100,
                                            error_messages={"invalid": "Enter the bottom number as a whole number",
                                                            "min_value": "The bottom number must be at least 1"})
    quorum_chair_required = forms.ChoiceField(label="Must the chair be present for the meeting to be quorate?",
                                              choices=YES_NO, widget=forms.RadioSelect,
                                              error_messages={"required": "Select yes if the chair must be present"})
    is_statutory = forms.ChoiceField(label="Is the board statutory?", choices=YES_NO, widget=forms.RadioSelect,
                                     error_messages={"required": "Select yes if the board is statutory"})
    agenda_notice_days = _whole_number(
        label="Clear working days' notice of the agenda", required=False, min_value=0, max_value=30,
        help_text="How many working days must pass between publishing the agenda and the meeting, not counting "
                  "either day. Leave blank for 5",
        error_messages={"invalid": "Enter the days' notice as a whole number",
                        "min_value": "The days' notice cannot be negative",
                        "max_value": "The days' notice must be 30 working days or fewer"})
    joint_areas = forms.ModelMultipleChoiceField(
        label="Is this a joint board with other areas?", queryset=Area.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Two or more authorities may set up a joint board (Children Act 2004 s12A). "
                  "Each area chosen is invited: it joins when one of its council officers accepts, and its "
                  "officers then manage the board too. Leave blank for a board of this area only.",
    )

    def __init__(self, *args, area, statutory_hint="", joint_areas=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["joint_areas"].queryset = Area.objects.exclude(pk=area.pk).order_by("name")
        self.has_joint_areas = joint_areas
        if not joint_areas:
            # only the lead area's officers invite other areas or take them out
            del self.fields["joint_areas"]
        if statutory_hint:
            self.fields["is_statutory"].help_text = statutory_hint
        self.helper.layout = Layout(
            Field.text("name"), Field.textarea("terms_of_reference"),
            Fieldset(Field.radios("quorum_kind", legend_size=Size.SMALL), _sized("quorum_number", 3),
                     _sized("quorum_numerator", 3), _sized("quorum_denominator", 3),
                     Field.radios("quorum_chair_required", legend_size=Size.SMALL, inline=True),
                     legend="Quorum", legend_size=Size.MEDIUM),
            Field.radios("is_statutory", legend_size=Size.SMALL, inline=True),
            _sized("agenda_notice_days", 3),
            *([Field.checkboxes("joint_areas", legend_size=Size.SMALL, small=True)] if joint_areas else []),
        )

    def clean(self):
        data = super().clean()
        kind = data.get("quorum_kind")
        if kind == Board.QuorumKind.NUMBER and not data.get("quorum_number") and "quorum_number" not in self.errors:
            self.add_error("quorum_number", "Enter how many voting members make a quorum")
        if kind == Board.QuorumKind.FRACTION:
            top, bottom = data.get("quorum_numerator"), data.get("quorum_denominator")
            if not top and "quorum_numerator" not in self.errors:
                self.add_error("quorum_numerator", "Enter the top number of the fraction, like 1 in 1/2")
            if not bottom and "quorum_denominator" not in self.errors:
                self.add_error("quorum_denominator", "Enter the bottom number of the fraction, like 2 in 1/2")
            if top and bottom and top > bottom:
                self.add_error("quorum_numerator", "The fraction must be no more than 1, like 1/2 or 2/3")
        return data

    def service_kwargs(self):
        d = self.cleaned_data
        return {
            "name": d["name"], "terms_of_reference": d["terms_of_reference"], "quorum_kind": d["quorum_kind"],
            "quorum_number": d.get("quorum_number"), "quorum_numerator": d.get("quorum_numerator"),
            "quorum_denominator": d.get("quorum_denominator"),
            "quorum_chair_required": _yes_no(d["quorum_chair_required"]), "is_statutory": _yes_no(d["is_statutory"]),
            "joint_areas": list(d["joint_areas"]) if self.has_joint_areas else None,
            "agenda_notice_days": 5 if d.get("agenda_notice_days") is None else d["agenda_notice_days"],
        }

    @staticmethod
    def initial_for(board):
        return {
            "name": board.name, "terms_of_reference": board.terms_of_reference, "quorum_kind": board.quorum_kind,
            "quorum_number": board.quorum_number, "quorum_numerator": board.quorum_numerator,
            "quorum_denominator": board.quorum_denominator,
            "quorum_chair_required": "yes" if board.quorum_chair_required else "no",
            "is_statutory": "yes" if board.is_statutory else "no",
            "agenda_notice_days": board.agenda_notice_days,
            # the areas that joined and those invited and not yet answered
            "joint_areas": [*board.joint_areas.all(), *Area.objects.filter(
                joint_board_invitations__board=board, joint_board_invitations__status="pending")],
        }


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.org_type_info.label})"


class PartnerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# A real area has 300 to 600 schools, academies and colleges (ASCL Act 2009 s193): they are
# never listed on the seat form (a list of them made the page 156 KB). A school or college is
# named by its URN, UKPRN or name, found on the register when the form is sent.
LISTED_OUT = frozenset((*SCHOOL_TYPES, "independent_school", "fe_college", "sixth_form_college"))
# the partners offered as tick boxes for "other partners this member represents": the
# statutory and health bodies (a handful in any area); everyone else is named in the text box
TICKED_KINDS = (law.Kind.AUTHORITY, law.Kind.STATUTORY, law.Kind.HEALTH)
TICKED_OUT = frozenset(("gp_practice",))
TICKED_TYPES = frozenset(t.code for t in law.ORG_TYPES if t.kind in TICKED_KINDS and t.code not in TICKED_OUT)
MAX_NAMED = 50


def _quoted(text):
    return f"\u201c{text}\u201d"


def _lookup(partners, text):
    """(partner, None) or (None, error): one partner of ``partners`` named by ``text``: its
    URN, UKPRN or ODS code (alone or before the name, as the form writes it back), or its
    name, whole or a part of it that no other partner's name shares."""
    text = " ".join(text.split())
    code = re.match(r"^(\d{6}|\d{8})\b", text)
    if code or re.fullmatch(r"[A-Za-z0-9]{3,6}", text):
        value = code.group(1) if code else text
        found = list(partners.filter(Q(urn=value) | Q(ukprn=value) | Q(ods_code=value.upper()))[:2])
        if len(found) == 1:
            return found[0], None
        if code:
            return None, f"No partner on the register has the URN or UKPRN {value}"
    found = list(partners.filter(name__iexact=text)[:MATCHES_SHOWN + 1])
    if not found:
        found = list(partners.filter(name__icontains=text)[:MATCHES_SHOWN + 1])
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, (f"No partner on the register of the board's areas is called {_quoted(text)}: "
                      f"check the spelling, or enter its URN")
    examples = ", ".join(f"{p.name} ({p.identifier or 'no URN'})" for p in found[:MATCHES_SHOWN])
    more = " and others" if len(found) > MATCHES_SHOWN else ""
    return None, (f"{_quoted(text)} matches {'more than ' if more else ''}{min(len(found), MATCHES_SHOWN)} "
                  f"partners ({examples}{more}): enter the URN or the full name of the one you mean")


MATCHES_SHOWN = 3


class SeatForm(GdsFormMixin, forms.Form):
    submit_label = "Save the seat"

    person_name = forms.CharField(label="Member's full name", max_length=120, required=False,
                                  validators=[validate_visible_text],
                                  help_text="Needed for someone new: they are sent an email to set a password")
    person_email = forms.EmailField(label="Member's email address", help_text="They sign in with this address",
                                    error_messages={"required": "Enter the member's email address",
                                                    "invalid": "Enter an email address in the correct format, "
                                                               "like name@example.org"})
    role = forms.ChoiceField(choices=Seat.Role.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the member's role"})
    voting = forms.ChoiceField(label="Does the member vote?", choices=YES_NO, widget=forms.RadioSelect,
                               error_messages={"required": "Select yes if the member votes"})
    constituency = forms.ChoiceField(label="Who does the seat represent?", choices=Constituency.choices,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "Select who the seat represents"})
    partner = PartnerChoiceField(label="Partner organisation", queryset=Partner.objects.none(), required=False,
                                 empty_label="Select a partner",
                                 help_text="From the partner register, if the seat represents a partner. "
                                           "Schools and colleges are not in this list: enter one below",
                                 error_messages={"invalid_choice": "Select a partner from the register"})
    partner_school = forms.CharField(
        label="Or a school or college: its URN, UKPRN or name", required=False, max_length=200,
        help_text="As on the partner register, for example 120045 or Springfield Primary School")
    represented_partners = PartnerMultipleChoiceField(
        label="Other partners this member represents", queryset=Partner.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="One person may represent several partners (s12A). The statutory and health bodies are listed "
                  "here; name any other partner in the box below",
        error_messages={"invalid_choice": "Select partners from the register"})
    represented_named = forms.CharField(
        label="Other partners this member represents, by name or code (optional)", required=False,
        widget=forms.Textarea(attrs={"spellcheck": "false"}),
        help_text="One a line: a school's URN, a college's UKPRN, a GP practice's ODS code, or the partner's "
                  "name as on the register. For a whole class of schools, choose a group above instead")
    represented_groups = forms.MultipleChoiceField(
        label="Groups of partners this member represents", choices=group_choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="One person may represent a whole group, such as all maintained schools (s12A(5)). "
                  "The group follows the partner register: a school that opens joins it, one that closes leaves it",
        error_messages={"invalid_choice": "Select groups of partners from the list"})
    substitute_name = forms.CharField(label="Named substitute (optional)", max_length=120, required=False,
                                      validators=[validate_visible_text],
                                      help_text="Who attends if the member cannot")
    term_start = GdsDateField(label="Term starts", what="the date the term starts", help_text="For example, 1 4 2010",
                              validators=[TERM_START_RANGE])
    term_end = GdsDateField(label="Term ends (optional)", what="the date the term ends", required=False,
                            help_text="The last day of the term. Leave blank if it has no fixed end",
                            validators=[TERM_END_RANGE])

    def __init__(self, *args, board, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = Partner.objects.filter(area_id__in=board.area_ids()).order_by("name", "pk")
        # the partner the seat has (or the composition panel's link names) stays on the list
        chosen = self.initial.get("partner")
        chosen = getattr(chosen, "pk", chosen)
        self.fields["partner"].queryset = self.partners.filter(~Q(org_type__in=LISTED_OUT) | Q(pk=chosen or 0))
        # the statutory and health bodies as tick boxes, with any partner the seat already names
        named = [p.pk for p in self.initial.get("represented_partners") or []]
        self.fields["represented_partners"].queryset = self.partners.filter(
            Q(org_type__in=TICKED_TYPES) | Q(pk__in=named))
        layout = []
        if editing:
            del self.fields["person_name"], self.fields["person_email"]
        else:
            layout += [Field.text("person_name"), Field.text("person_email")]
        layout += [
            Field.radios("role", legend_size=Size.SMALL), Field.radios("voting", legend_size=Size.SMALL, inline=True),
            Field.radios("constituency", legend_size=Size.SMALL), Field.select("partner"),
            Field.text("partner_school"),
            Field.checkboxes("represented_groups", legend_size=Size.SMALL, small=True),
            Field.checkboxes("represented_partners", legend_size=Size.SMALL, small=True),
            Field.textarea("represented_named", rows=4),
            Field.text("substitute_name"), Field("term_start"), Field("term_end"),
        ]
        self.helper.layout = Layout(*layout)

    def _clean_partner(self, data):
        """The seat's partner: from the list, or a school or college named in the text box."""
        text = (data.get("partner_school") or "").strip()
        if data.get("constituency") != Constituency.PARTNER or "partner" in self.errors:
            return
        if text:
            found, error = _lookup(self.partners, text)
            if error:
                self.add_error("partner_school", error)
            elif data.get("partner") and data["partner"] != found:
                self.add_error("partner_school", "Choose the partner from the list or enter a school or college, "
                                                 "not both")
            else:
                data["partner"] = found
        elif not data.get("partner"):
            self.add_error("partner", "Select the partner organisation this seat represents, or enter a school's "
                                      "URN or name")

    def _clean_named(self, data):
        """The partners named in the text box, added to those ticked: every line is found on
        the register, or the line is named in the error."""
        lines = [line.strip() for line in (data.get("represented_named") or "").splitlines() if line.strip()]
        if len(lines) > MAX_NAMED:
            self.add_error("represented_named", f"Enter no more than {MAX_NAMED} partners: for more, choose a "
                                                f"group of partners instead")
            return
        chosen = list(data.get("represented_partners") or [])
        for number, line in enumerate(lines, 1):
            found, error = _lookup(self.partners, line)
            if error:
                self.add_error("represented_named", f"Line {number}: {error}")
            elif found not in chosen:
                chosen.append(found)
        if "represented_named" not in self.errors and "represented_partners" not in self.errors:
            data["represented_partners"] = chosen

    def clean(self):
        data = super().clean()
        self._clean_partner(data)
        self._clean_named(data)
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "The term must end on or after the day it starts")
        if data.get("role") == Seat.Role.OBSERVER and data.get("represented_groups"):
            # an observer does not represent anyone in the composition check
            self.add_error("represented_groups", "An observer cannot represent a group of partners: "
                                                 "select another role, or clear the groups")
        return data

    def seat_kwargs(self):
        d = self.cleaned_data
        return {
            "role": d["role"], "voting": _yes_no(d["voting"]), "constituency": d["constituency"],
            "partner": d.get("partner") if d["constituency"] == Constituency.PARTNER else None,
            "substitute_name": d.get("substitute_name", ""), "term_start": d["term_start"],
            "term_end": d.get("term_end"), "represented_groups": list(d.get("represented_groups") or []),
        }

    @staticmethod
    def initial_for(seat):
        return {
            "role": seat.role, "voting": "yes" if seat.voting else "no", "constituency": seat.constituency,
            "partner": seat.partner_id, "represented_partners": list(seat.represented_partners.all()),
            "represented_groups": list(seat.represented_groups),
            "substitute_name": seat.substitute_name, "term_start": seat.term_start, "term_end": seat.term_end,
        }


class SeatEndForm(GdsFormMixin, forms.Form):
    submit_label = "End the term"
    end_on = GdsDateField(label="Last day of the term", what="the last day of the term", validators=[TERM_END_RANGE])


class MeetingForm(GdsFormMixin, forms.Form):
    submit_label = "Save the meeting"

    date = GdsDateField(label="Date", what="the date of the meeting", help_text="For example, 14 9 2010",
                        validators=[MEETING_DATE_RANGE])
    start_time = _time_field("Start time")
    end_time = _time_field("End time", required=False)
    place = forms.CharField(max_length=200, label="Where", error_messages={"required": "Enter where the meeting is"},
                            validators=[validate_visible_text])
    status = forms.ChoiceField(choices=[], widget=forms.RadioSelect,
                               error_messages={"required": "Select the meeting's status"})
    confirm_date = forms.BooleanField(
        label="Yes, the meeting is on a weekend or bank holiday", required=False,
        help_text="Tick this only if the date is right although it is not a working day")

    def __init__(self, *args, current_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        from boards.models import Meeting

        self.current_date = current_date  # a date kept when the meeting is changed is not asked about again
        self.fields["status"].choices = Meeting.Status.choices
        self.helper.layout = Layout(
            Field("date"), _sized("start_time", 5), _sized("end_time", 5),
            Field.text("place"), Field.radios("status", legend_size=Size.SMALL),
            Field.checkbox("confirm_date", small=True),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        why = unusual_day(data.get("date")) if data.get("date") != self.current_date else ""
        if why and not data.get("confirm_date"):
            # a weekend or bank-holiday date is usually a slip: ask, never refuse
            self.add_error("confirm_date", f"{long_date(data['date'])} is {why}. Check the date, or confirm that the "
                                           "meeting is on that day")
        return data

    def service_kwargs(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_date"}


class AgendaItemForm(GdsFormMixin, forms.Form):
    submit_label = "Add the item"
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title of the agenda item"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


PAPER_HINT = (f"A PDF, Word (.doc or .docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods or "
              f".odp) or CSV file, smaller than {PAPER_MAX_BYTES // (1024 * 1024)} MB")


class PaperForm(GdsFormMixin, forms.Form):
    submit_label = "Upload the paper"
    title = forms.CharField(max_length=200, required=False, help_text="Leave blank to use the file's name")
    file = forms.FileField(
        label="Paper", help_text=PAPER_HINT,
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED)}),
    )


class PaperReplaceForm(GdsFormMixin, forms.Form):
    submit_label = "Replace the paper"
    file = forms.FileField(
        label="New version", help_text=PAPER_HINT,
        error_messages={"required": "Select the new version of the paper", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED)}),
    )


class AttendanceForm(GdsFormMixin, forms.Form):
    """One question per seat in term on the meeting's date."""

    submit_label = "Save attendance"
    PREFIX = "seat-"

    def __init__(self, *args, seats, attendances, apologies=(), **kwargs):
        super().__init__(*args, **kwargs)
        by_seat = {a.seat_id: a for a in attendances}
        sent = {a.seat_id: a for a in apologies}
        self.seats = seats
        layout = []
        for seat in seats:
            name = f"{self.PREFIX}{seat.pk}"
            current = by_seat.get(seat.pk)
            apology = sent.get(seat.pk)
            initial = current.status if current else None
            if initial is None and apology is not None:
                # the member's apologies carry into the attendance (with their substitute, if named)
                initial = Attendance.Status.SUBSTITUTE if apology.substitute_name else Attendance.Status.APOLOGIES
            label = f"{seat.person.full_name} ({seat.get_role_display()}, {seat.constituency_label})"
            self.fields[name] = forms.ChoiceField(
                label=label, choices=Attendance.Status.choices, widget=forms.RadioSelect, initial=initial,
                help_text=(f"Sent apologies on {long_date(apology.sent_at)}"
                           + (f"; substitute: {apology.substitute_name}" if apology.substitute_name else "")
                           if apology else ""),
                error_messages={"required": f"Select whether {seat.person.full_name} attended"},
            )
            self.fields[f"sub-{seat.pk}"] = forms.CharField(
                label=f"Substitute for {seat.person.full_name}, if one attended", required=False, max_length=120,
                initial=(current.substitute_name if current else "") or (apology.substitute_name if apology else "")
                or seat.substitute_label,
            )
            layout += [Field.radios(name, legend_size=Size.SMALL, inline=True), Field.text(f"sub-{seat.pk}")]
        self.helper.layout = Layout(*layout)

    def clean(self):
        data = super().clean()
        known = {f"{self.PREFIX}{s.pk}" for s in self.seats}
        extra = [k for k in self.data if k.startswith(self.PREFIX) and k not in known]
        if extra:
            raise ValidationError("An attendance was given for a seat that is not on this board, or not in term on "
                                  "the day of the meeting. Nothing has been saved")
        return data

    def entries(self):
        return [(s, self.cleaned_data[f"{self.PREFIX}{s.pk}"], self.cleaned_data.get(f"sub-{s.pk}", ""))
                for s in self.seats]


class DecisionForm(GdsFormMixin, forms.Form):
    submit_label = "Record the decision"
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                                 error_messages={"required": "Enter the resolution"},
                                 help_text="What the board resolved, in full")
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the outcome"})
    votes_for = _whole_number(required=False, min_value=0, max_value=500, label="Votes for",
                                   help_text="Leave the votes blank if the board decided without a vote",
                                   error_messages={"min_value": "Votes cannot be negative",
                                                   "invalid": "Enter the votes for as a whole number"})
    votes_against = _whole_number(required=False, min_value=0, max_value=500,
                                  label="Votes against",
                                       error_messages={"min_value": "Votes cannot be negative",
                                                       "invalid": "Enter the votes against as a whole number"})
    votes_abstain = _whole_number(required=False, min_value=0, max_value=500,
                                  label="Abstentions",
                                       error_messages={"min_value": "Abstentions cannot be negative",
                                                       "invalid": "Enter the abstentions as a whole number"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("resolution"), Field.radios("outcome", legend_size=Size.SMALL),
            _sized("votes_for", 3), _sized("votes_against", 3),
            _sized("votes_abstain", 3),
        )


class DeclarationForm(GdsFormMixin, forms.Form):
    """The member picks an interest from their register, or describes another one."""

    submit_label = "Declare the interest"
    OTHER = "other"
    registered_interest = forms.ChoiceField(label="Which interest are you declaring?", choices=[],
                                            widget=forms.RadioSelect, required=False)
    kind = forms.ChoiceField(label="What kind of interest is it?", choices=InterestKind.choices,
                             widget=forms.RadioSelect, required=False,
                             help_text="Not needed for an interest from your register")
    interest = forms.CharField(label="What is your interest in this item?", widget=forms.Textarea(attrs={"rows": 4}),
                               required=False,
                               help_text="For example, a family member works for a provider named in the paper. "
                                         "For an interest from your register, add any detail about this item")
    left_room = forms.ChoiceField(label="Did you leave the room while the board discussed and decided this item?",
                                  choices=YES_NO, widget=forms.RadioSelect,
                                  error_messages={"required": "Select yes if you left the room for this item"},
                                  help_text="If you did, you are not counted in the quorum or the votes on this item")

    def __init__(self, *args, interests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.interests = {str(i.pk): i for i in interests}
        self.fields["registered_interest"].choices = [
            *((str(i.pk), f"{i.get_kind_display()}: {i.description}") for i in interests),
            (self.OTHER, "An interest not in my register")]
        layout = [Field.radios("registered_interest", legend_size=Size.SMALL)] if interests else []
        self.helper.layout = Layout(*layout, Field.radios("kind", legend_size=Size.SMALL),
                                    Field.textarea("interest"),
                                    Field.radios("left_room", legend_size=Size.SMALL, inline=True))

    def clean(self):
        data = super().clean()
        chosen = data.get("registered_interest") or (self.OTHER if not self.interests else "")
        if not chosen:
            self.add_error("registered_interest", "Select the interest you are declaring")
            return data
        if chosen == self.OTHER:
            if not data.get("kind"):
                self.add_error("kind", "Select whether the interest is pecuniary or other")
            if not (data.get("interest") or "").strip():
                self.add_error("interest", "Enter the interest you are declaring")
        return data

    def service_kwargs(self):
        d = self.cleaned_data
        chosen = self.interests.get(d.get("registered_interest") or "")
        return {"registered_interest": chosen, "kind": d.get("kind") or InterestKind.OTHER,
                "interest": d.get("interest") or "", "left_room": _yes_no(d["left_room"])}


class ForwardPlanItemForm(GdsFormMixin, forms.Form):
    """An item for the forward plan: a meeting already scheduled, or a month (the next two years)."""

    submit_label = "Add to the forward plan"
    MONTHS_AHEAD = 24
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title of the item"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  help_text="What the board will consider, and who will bring it")
    meeting = forms.ChoiceField(label="Meeting", required=False,
                                help_text="Leave blank if the meeting is not scheduled yet, and choose a month")
    month = forms.ChoiceField(label="Or the month", required=False)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "No meeting chosen")] + [
            (str(m.pk), f"{m.date:%A %-d %B %Y}") for m in meetings]
        first = timezone.localdate().replace(day=1)
        months = []
        for n in range(self.MONTHS_AHEAD):
            year, index = divmod(first.month - 1 + n, 12)
            months.append(first.replace(year=first.year + year, month=index + 1))
        self.fields["month"].choices = [("", "No month chosen")] + [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]

    def clean(self):
        data = super().clean()
        if not self.errors:
            if data.get("meeting") and data.get("month"):
                self.add_error("meeting", "Choose a meeting or a month for the item, not both")
            elif not data.get("meeting") and not data.get("month"):
                self.add_error("meeting", "Choose a meeting or a month for the item")
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        month = datetime.date.fromisoformat(data["month"] + "-01") if data.get("month") else None
        return {"title": data["title"], "description": data["description"],
                "meeting": int(data["meeting"]) if data.get("meeting") else None, "month": month}


class NotificationPreferenceForm(GdsFormMixin, forms.Form):
    submit_label = "Save your choice"
    frequency = forms.ChoiceField(
        label="How do you want to be told when an agenda is published or a paper is added or replaced?",
        choices=NotificationPreference.Frequency.choices, widget=forms.RadioSelect,
        help_text="The daily e-mail comes with the morning reminders on working days.",
        error_messages={"required": "Select how you want to be told",
                        "invalid_choice": "Select how you want to be told"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("frequency", legend_size=Size.SMALL))


class ApologyForm(GdsFormMixin, forms.Form):
    submit_label = "Send apologies"
    with_substitute = forms.ChoiceField(label="Will your substitute attend in your place?", choices=YES_NO,
                                        widget=forms.RadioSelect,
                                        error_messages={"required": "Select yes if your substitute will attend"})

    def __init__(self, *args, substitute="", **kwargs):
        super().__init__(*args, **kwargs)
        if substitute:
            self.fields["with_substitute"].label = f"Will your substitute, {substitute}, attend in your place?"
        else:
            self.fields["with_substitute"].help_text = ("Your seat has no named substitute: ask the board's officer "
                                                        "to name one")
            self.fields["with_substitute"].initial = "no"
        self.helper.layout = Layout(Field.radios("with_substitute", legend_size=Size.SMALL, inline=True))


class RegisteredInterestForm(GdsFormMixin, forms.Form):
    submit_label = "Add to my register"
    kind = forms.ChoiceField(label="What kind of interest is it?", choices=InterestKind.choices,
                             widget=forms.RadioSelect, error_messages={"required": "Select the kind of interest"},
                             help_text="Pecuniary: a job, business, contract, land or shares, yours or your "
                                       "partner's. Other: for example a trusteeship or a governorship")
    description = forms.CharField(label="Describe the interest", widget=forms.Textarea(attrs={"rows": 3}),
                                  validators=[validate_visible_text],
                                  error_messages={"required": "Describe the interest"})
    start_on = GdsDateField(label="From", what="the date the interest started", validators=[TERM_START_RANGE])
    end_on = GdsDateField(label="To (optional)", what="the date the interest ended", required=False,
                          validators=[TERM_END_RANGE], help_text="Leave blank if the interest continues")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.SMALL), Field.textarea("description"),
                                    Field("start_on"), Field("end_on"))

    def clean(self):
        data = super().clean()
        if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", "The interest must end on or after the day it started")
        return data


class InterestEndForm(GdsFormMixin, forms.Form):
    submit_label = "End the interest"
    end_on = GdsDateField(label="The last day of the interest", what="the last day of the interest",
                          validators=[TERM_END_RANGE])


class ActionForm(GdsFormMixin, forms.Form):
    submit_label = "Add the action"
    description = forms.CharField(label="What is to be done?", widget=forms.Textarea(attrs={"rows": 3}),
                                  validators=[validate_visible_text],
                                  error_messages={"required": "Enter what is to be done"})
    owner = forms.ChoiceField(label="Who owns it?", choices=[],
                              error_messages={"required": "Select who owns the action",
                                              "invalid_choice": "Select an owner with a seat on the board"})
    due_on = GdsDateField(label="Due by", what="the date the action is due", validators=[MEETING_DATE_RANGE])

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = {str(s.pk): s for s in seats}
        self.fields["owner"].choices = [("", "Select a member"),
                                        *((str(s.pk), f"{s.person.full_name} ({s.constituency_label})")
                                          for s in seats)]
        self.helper.layout = Layout(Field.textarea("description"), Field.select("owner"), Field("due_on"))

    def service_kwargs(self):
        d = self.cleaned_data
        return {"description": d["description"], "owner": self.seats[d["owner"]], "due_on": d["due_on"]}


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices,
                               error_messages={"required": "Select the action's status",
                                               "invalid_choice": "Select the action's status"})


class MinutesForm(GdsFormMixin, forms.Form):
    submit_label = "Save draft minutes"
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}),
                              error_messages={"required": "Enter the minutes"})


class MinutesApproveForm(GdsFormMixin, forms.Form):
    submit_label = "Approve the minutes"
    earlier = forms.ChoiceField(label="Which meeting's minutes did this meeting approve?", choices=[],
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select the meeting whose minutes were approved"})

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        self.fields["earlier"].choices = [(str(m.pk), f"{long_date(m.date)} at {m.start_time:%H:%M}") for m in meetings]
        self.helper.layout = Layout(Field.radios("earlier", legend_size=Size.MEDIUM))

    def chosen(self):
        return self.meetings[self.cleaned_data["earlier"]]


class SeatPrefillForm(forms.Form):
    """The query string of "Add a seat" from the composition panel (?constituency=&partner=&group=):
    parsed by fields, so a bad value is ignored, never a server error."""

    constituency = forms.ChoiceField(choices=Constituency.choices, required=False)
    partner = forms.IntegerField(required=False, min_value=1)
    group = forms.ChoiceField(choices=group_choices, required=False)

    def prefill(self):
        if not self.is_valid():
            return {}
        values = {k: v for k, v in self.cleaned_data.items() if v}
        if "group" in values:
            values["represented_groups"] = [values.pop("group")]
        return values


class SeatFilterForm(GdsFormMixin, forms.Form):
    """The seats page's filters (a GET form: bookmarkable, works without JavaScript)."""

    submit_label = "Apply filters"
    q = forms.CharField(label="Search by name", required=False, max_length=120,
                        help_text="The member, their substitute or the partner organisation")
    constituency = forms.ChoiceField(label="Who the seat represents", required=False,
                                     choices=[("", "Anyone"), *Constituency.choices],
                                     error_messages={"invalid_choice": "Select who the seat represents from the list"})
    status = forms.ChoiceField(label="Term", required=False,
                               choices=[("current", "In term"), ("future", "Not yet started"), ("ended", "Ended"),
                                        ("all", "Any")],
                               error_messages={"invalid_choice": "Select a term from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.text("q"), Field.select("constituency"), Field.select("status"))

    def values(self):
        """The valid filters (an invalid one is dropped, with its error shown); in term by default."""
        data = {"status": "current"}
        if self.is_bound and self.is_valid():
            data.update({k: v for k, v in self.cleaned_data.items() if v})
        elif self.is_bound:
            data.update({k: v for k, v in self.cleaned_data.items() if v and k not in self.errors})
        return data


class InvitationAnswerForm(forms.Form):
    """The invited area's answer: accept or refuse (or, once accepted, leave)."""

    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("refuse", "Refuse"), ("leave", "Leave")],
                               error_messages={"required": "Select whether to accept or refuse the invitation",
                                               "invalid_choice": "Select whether to accept or refuse the invitation"})
