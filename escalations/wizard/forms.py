"""One form per wizard step (validation only, no side effects), plus inline formsets for
what a step holds several of: contributing factors, actions, asks, anticipated questions.

``StepForms`` bundles a step's form and formsets so views treat every step alike. Times are
typed in the author's zone: Django's DateTimeField reads naive input in the active zone
(set by ``UserTimezoneMiddleware``) and refuses a wall-clock time that a daylight-saving
change skips or repeats.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, ClassVar

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.forms.utils import ErrorDict, ErrorList
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from escalations.directory.selectors import executive_choices, executive_find, option_label
from escalations.directory.services import ExecutiveTaken, executive_add
from escalations.formfields import TextForm, TextModelForm, TimeZoneField
from escalations.glossary import term
from escalations.models import (
    AnticipatedQuestion,
    Ask,
    AskKind,
    ContributingFactor,
    Escalation,
    Executive,
    RemediationAction,
    Team,
    TriageVerdict,
)
from escalations.selectors import teams_of
from escalations.timetext import when
from escalations.wizard import steps as wizard

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

# The triage step's list of everyone in the directory (one <datalist>).
EXECUTIVE_LIST_ID = "executive-list"
# "Priya Raman (CTO)": a title typed into the name field.
TITLED = re.compile(r"^.+\(\s*[^()]+\s*\)\s*$")

PERCENTAGE_RANGE = "Enter a percentage from 0 to 100."


EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def validate_sane_year(value: datetime | None) -> None:
    """A typo like 0001 or 9999 in a year would break every page that shows the time."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            f"{value.year} looks like a typo: enter a year between {EARLIEST_YEAR} and "
            f"{LATEST_YEAR}."
        )


# A deadline typed "now" is still on time while the author finishes the row.
PAST_DEADLINE_GRACE = timedelta(minutes=5)
# Longer than this is a typo (100000 days), not a slip anyone would escalate.
MAX_DELAY_DAYS = 3650


def refuse_new_past_deadline(form: forms.ModelForm, name: str, what: str) -> None:
    """A deadline typed now must be ahead: one already passed would be emailed to the
    executive as if it were a plan. A row saved earlier keeps its deadline (shown as
    overdue) as long as the author leaves that field alone."""
    value = form.cleaned_data.get(name)
    if value is None or name in form.errors:
        return
    if form.instance.pk is not None and name not in form.changed_data:
        return
    now = timezone.now()
    if value < now - PAST_DEADLINE_GRACE:
        shown = timezone.localtime(value)
        day = "today" if shown.date() == timezone.localtime(now).date() else f"{shown:%a %d %b %Y}"
        form.add_error(
            name,
            f"{what} {shown:%H:%M} {day} has already passed: give a time from now on.",
        )


def datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def coach_slot(name: str) -> HTML:
    """Where the live coach (issue 4) puts its findings for a free-text field."""
    return HTML(f'<div class="coach-feedback" id="coach-{name}" aria-live="polite"></div>')


def coached(name: str, **attrs: Any) -> list[Any]:
    return [Field(name, **attrs), coach_slot(name)]


def _zone_note() -> str:
    return f"Your time ({timezone.get_current_timezone_name().replace('_', ' ')})."


class StepForm(TextModelForm):
    """Crispy layout without the <form> tag: the page owns the tag, the buttons and htmx."""

    layout: ClassVar[list[Any]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.build_layout())
        for name, field in self.fields.items():
            if isinstance(field, forms.DateTimeField):
                field.widget = datetime_widget()
                field.validators.append(validate_sane_year)
                # crispy renders help text as HTML: escape anything the author typed (the
                # executive's name) and keep the glossary markup that is already safe.
                notes = [field.help_text, _zone_note(), self._their_time(name)]
                field.help_text = mark_safe(  # noqa: S308 - every part escaped just here
                    " ".join(str(conditional_escape(n)) for n in notes if n)
                )
            if name in self.optional_fields():
                field.required = False

    def build_layout(self) -> list[Any]:
        return list(self.layout)

    def _their_time(self, name: str) -> str:
        """The saved time on the executive's clock, when their zone differs from yours."""
        value = getattr(self.instance, name, None)
        zone = self.instance.executive_zone
        if value is None or zone == timezone.get_current_timezone_name():
            return ""
        who = (self.instance.executive_label or "the executive").split(" ")[0]
        return f"That is {when(value, zone)} for {who}."

    def model_fields_to_save(self) -> list[str]:
        return [f for f in self._meta.fields or [] if f in self.fields]

    def before_save(self, by: Any) -> None:
        """What a valid step writes besides its own columns, inside the save's transaction."""

    def optional_fields(self) -> set[str]:
        return set()


# --- step 0: triage --------------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Answer yes or no."},
    )


TRIAGE_QUESTIONS = (
    "triage_business_impact",
    "triage_severe",
    "triage_normal_channels_tried",
    "triage_reputational_risk",
)


class TriageForm(StepForm):
    author_time_zone = TimeZoneField(
        label="Your time zone",
        help_text="Every time you type or read in Upward is in this zone. You pick it once.",
    )
    # The executive, from the directory: a text box with a list of everyone in it (works
    # without JavaScript, and by keyboard), or the "add a new executive" fields once.
    executive_pick = forms.CharField(
        label="Who are you telling?",
        required=False,
        max_length=400,
        help_text="Start typing their name and pick them from the list. Not there yet? Add "
        "them below, once: every author can then pick them.",
        widget=forms.TextInput(
            attrs={"list": EXECUTIVE_LIST_ID, "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    new_executive_name = forms.CharField(
        label="Their name",
        required=False,
        max_length=120,
        help_text="Their name only, e.g. “Priya Raman”.",
    )
    new_executive_title = forms.CharField(
        label="Their title", required=False, max_length=120, help_text="e.g. “CTO”."
    )
    new_executive_email = forms.EmailField(
        label="Their email",
        required=False,
        help_text="Where the pre-read and updates go.",
        error_messages={"invalid": "Enter an email address like priya@example.com."},
    )
    new_executive_time_zone = TimeZoneField(
        label="Their time zone",
        required=False,
        help_text="The pre-read shows times in their zone.",
    )
    triage_business_impact = yes_no(
        "Does it directly hit revenue, customers, legal or compliance, or strategy?"
    )
    triage_severe = yes_no(
        "Is it severe: a full outage, data corrupted or exposed, or a security hole?"
    )
    triage_normal_channels_tried = yes_no(
        "Have the normal channels (the owning team, your manager, the vendor) already failed to fix it?"
    )
    triage_reputational_risk = yes_no(
        "Could it hurt the company's reputation with customers, partners, press or regulators?"
    )

    class Meta:
        model = Escalation
        fields = [
            "title",
            "kind",
            "severity",
            "team",
            *TRIAGE_QUESTIONS,
            "triage_override_reason",
        ]
        labels = {
            "title": "Title",
            "team": "Which of your teams is it for?",
            "kind": "What kind of problem is it?",
            "severity": "Severity",
            "triage_override_reason": "Continue anyway: why must the executive hear it?",
        }
        help_texts = {
            "title": "A headline they recognise at a glance, e.g. “Checkout payments failing for EU cards”.",
            "team": "Its reviewers will see it, and you can add co-authors from it.",
            "triage_override_reason": "Recorded with the escalation, e.g. “the customer is our largest account and their CEO emailed ours”.",
        }
        widgets = {"triage_override_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, author_time_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["author_time_zone"].initial = author_time_zone
        # The author's teams (never the editing co-author's): asked only when there are
        # several; with one or none the team was set when the draft was created.
        teams = teams_of(self.instance.owner) if self.instance.owner_id else Team.objects.none()
        team_field = self.fields["team"]
        if len(teams) > 1 and isinstance(team_field, forms.ModelChoiceField):
            team_field.queryset = teams
            team_field.required = True
            team_field.empty_label = None
        else:
            del self.fields["team"]
            # The layout was built with every field (StepForm): again, without the team.
            self.helper.layout = Layout(*self.build_layout())
        self.fields["new_executive_time_zone"].initial = author_time_zone
        if self.instance.executive is not None:
            self.initial["executive_pick"] = option_label(self.instance.executive)
        self.new_executive: dict[str, str] | None = None
        self.fields["kind"].help_text = format_html(
            "An {} (outage, security, data) gets hourly updates until contained; a slip daily; "
            "technical debt weekly.",
            term("Incident", "incident"),
        )
        for name in TRIAGE_QUESTIONS:
            value = getattr(self.instance, name)
            self.initial[name] = None if value is None else ("yes" if value else "no")
        self.verdict: str = ""
        self.verdict_reason: str = ""

    def optional_fields(self) -> set[str]:
        return {"triage_override_reason"}

    def model_fields_to_save(self) -> list[str]:
        return [*super().model_fields_to_save(), "executive", "triage_verdict", "triage_reason"]

    def before_save(self, by: Any) -> None:
        """The executive picked, or the one typed in "add a new executive", added now (in
        the save's transaction; validation never writes)."""
        if self.new_executive is None:
            return
        try:
            self.instance.executive = executive_add(**self.new_executive, by=by)
        except ExecutiveTaken as taken:
            # Added by another author since this form was checked: the same person.
            self.instance.executive = taken.executive

    def build_layout(self) -> list[Any]:
        return [
            Field("title"),
            Row(Column("kind", css_class="col-md-7"), Column("severity", css_class="col-md-5")),
            Row(Column("executive_pick", css_class="col-md-8")),
            HTML(self._executive_list()),
            HTML(
                '<details class="mb-3" id="new-executive"{}>'.format(
                    " open" if self._adding() else ""
                )
                + '<summary class="mb-2">Not in the list? Add a new executive</summary>'
                '<div class="border rounded p-3">'
            ),
            Row(
                Column("new_executive_name", css_class="col-md-6"),
                Column("new_executive_title", css_class="col-md-6"),
            ),
            Row(
                Column("new_executive_email", css_class="col-md-6"),
                Column("new_executive_time_zone", css_class="col-md-6"),
            ),
            HTML("</div></details>"),
            Row(Column("author_time_zone", css_class="col-md-6")),
            *([Field("team")] if "team" in self.fields else []),
            HTML(
                '<h3 class="h6 mt-4">Is it executive-level?</h3>'
                '<p class="form-text mt-0">Four questions decide whether the CTO or CEO is the '
                "right audience, or the normal channel is.</p>"
            ),
            Div(*[InlineRadios(q) for q in TRIAGE_QUESTIONS], css_id="triage-questions"),
        ]

    def _executive_list(self) -> str:
        options = format_html_join(
            "", '<option value="{}"></option>', ((option_label(x),) for x in executive_choices())
        )
        return str(format_html('<datalist id="{}">{}</datalist>', EXECUTIVE_LIST_ID, options))

    def _adding(self) -> bool:
        """Whether the "add a new executive" fields hold anything (then they show open)."""
        if not self.is_bound:
            return False
        return any(
            str(self.data.get(self.add_prefix(name), "")).strip()
            for name in ("new_executive_name", "new_executive_title", "new_executive_email")
        )

    def _clean_executive(self, data: dict[str, Any]) -> None:
        typed = (data.get("executive_pick") or "").strip()
        new = {
            k: (data.get(f"new_executive_{k}") or "").strip() for k in ("name", "title", "email")
        }
        adding = any(new.values())
        found = executive_find(typed) if typed else None
        if found is not None and found.executive is not None:
            if adding:
                self.add_error(
                    "new_executive_name",
                    f"You picked {found.executive} above. To add someone new instead, clear "
                    "“Who are you telling?”; to keep your pick, clear these fields.",
                )
                return
            self.instance.executive = found.executive
            return
        if adding:
            self._clean_new_executive(new, data)
            return
        if not typed:
            self.add_error(
                "executive_pick",
                "Say which executive you are telling: pick them from the list, or add them "
                "below under “Not in the list? Add a new executive”.",
            )
        elif found is not None and found.ambiguous:
            self.add_error(
                "executive_pick",
                f"More than one executive is called “{typed}”: pick one from the list (the "
                "email address tells them apart).",
            )
        elif found is not None and found.near:
            names = " or ".join(str(x) for x in found.near[:3])
            self.add_error(
                "executive_pick",
                f"No one in the directory is called “{typed}”. Did you mean {names}? Pick "
                "them from the list, or add a new executive below.",
            )
        else:
            self.add_error(
                "executive_pick",
                f"No one in the directory is called “{typed}” yet: add them below under "
                "“Not in the list? Add a new executive”.",
            )

    def _clean_new_executive(self, new: dict[str, str], data: dict[str, Any]) -> None:
        if "new_executive_email" in self.errors or "new_executive_name" in self.errors:
            return
        if not new["name"]:
            self.add_error("new_executive_name", "Give the new executive's name.")
        elif TITLED.match(new["name"]):
            self.add_error(
                "new_executive_name",
                "Put only their name here, and their title (CTO, CEO) in “Their title”.",
            )
        if not new["email"]:
            self.add_error(
                "new_executive_email",
                "Give their email address: the pre-read and the updates go there.",
            )
        else:
            taken = Executive.objects.filter(email__iexact=new["email"]).first()
            if taken is not None and taken.name.casefold() == new["name"].casefold():
                # The same person, added by someone before: they are picked, not added twice.
                self.instance.executive = taken
                return
            if taken is not None:
                self.add_error(
                    "new_executive_email",
                    f"{taken.email} is in the directory already as {taken}: pick them in "
                    "“Who are you telling?” instead.",
                )
        zone = data.get("new_executive_time_zone") or ""
        if not zone and "new_executive_time_zone" not in self.errors:
            self.add_error("new_executive_time_zone", "Pick their time zone.")
        if not any(f.startswith("new_executive_") for f in self.errors):
            self.new_executive = {**new, "time_zone": zone}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self._clean_executive(data)
        if all(name in data for name in TRIAGE_QUESTIONS):
            self.verdict, self.verdict_reason = wizard.triage_verdict(
                business_impact=data["triage_business_impact"],
                severe=data["triage_severe"],
                normal_channels_tried=data["triage_normal_channels_tried"],
                reputational_risk=data["triage_reputational_risk"],
            )
            override = data.get("triage_override_reason", "").strip()
            if self.verdict == TriageVerdict.NORMAL_CHANNEL and not override:
                self.add_error(
                    "triage_override_reason",
                    "The answers say this belongs in the normal channel. To continue anyway, "
                    "say why the executive must hear it.",
                )
            if self.verdict == TriageVerdict.EXECUTIVE:
                data["triage_override_reason"] = ""
        return data

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.verdict:
            self.instance.triage_verdict = self.verdict
            self.instance.triage_reason = self.verdict_reason
        if self.verdict == TriageVerdict.EXECUTIVE:
            self.instance.triage_override_reason = ""


# --- step 1: impact --------------------------------------------------------------------------

QUANTITY_FIELDS = (
    "impact_customers_affected",
    "impact_revenue_per_hour",
    "impact_revenue_total",
    "impact_share_failing_pct",
    "impact_delay_days",
    "impact_dates_moved",
    "impact_metric_value",
)


class ImpactForm(StepForm):
    class Meta:
        model = Escalation
        fields = [
            "impact_headline",
            "detected_at",
            "impact_customers_affected",
            "impact_revenue_per_hour",
            "impact_revenue_total",
            "impact_currency",
            "impact_share_failing_pct",
            "impact_delay_days",
            "impact_dates_moved",
            "impact_metric_value",
            "impact_metric_unit",
            "impact_detail",
        ]
        labels = {
            "impact_headline": "The headline: the business consequence in one sentence",
            "detected_at": "When did it start (or when did you find out)?",
            "impact_customers_affected": "Customers or accounts affected",
            "impact_revenue_per_hour": "Revenue at risk per hour",
            "impact_revenue_total": "Revenue lost so far (total)",
            "impact_currency": "Currency",
            "impact_share_failing_pct": "Share of requests or transactions failing (%)",
            "impact_delay_days": "Days of delay",
            "impact_dates_moved": "Dates moved",
            "impact_metric_value": "Another number",
            "impact_metric_unit": "…and its unit",
            "impact_detail": "Anything else they need to weigh it (optional)",
        }
        help_texts = {
            "impact_headline": "Lead with a number. Good: “2,400 SSO customers cannot log in since 08:00 UTC; 31 enterprise renewals are due this week.” Not: “a few users might be seeing odd behaviour.”",
            "impact_dates_moved": "e.g. “SOC 2 audit moves from 3 to 24 March; launch slips to Q3”.",
            "impact_metric_value": "Any other quantity, e.g. 1,200 (unit: “orders stuck”).",
            "impact_share_failing_pct": "0 to 100.",
            "impact_revenue_per_hour": "While it lasts. Once contained, readers see what was lost instead.",
            "impact_revenue_total": "Give either or both; update it as the figure firms up.",
        }
        widgets = {
            "impact_headline": forms.Textarea(attrs={"rows": 2}),
            "impact_detail": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["impact_headline"].required = True
        # "1234" is a wrong percentage, not a number with too many digits: say it so.
        self.fields["impact_share_failing_pct"].error_messages.update(
            {
                "max_digits": PERCENTAGE_RANGE,
                "max_whole_digits": PERCENTAGE_RANGE,
                "max_decimal_places": "Enter a percentage from 0 to 100, with at most 2 decimals.",
            }
        )
        self.fields["impact_detail"].help_text = format_html(
            "Who exactly, since when, which SLA; e.g. “{}: checkout takes 9 s instead of 2 s” "
            "for {}.",
            term("Latency", "latency"),
            term("Degraded performance", "degraded performance"),
        )

    def optional_fields(self) -> set[str]:
        return {"impact_currency"}

    def build_layout(self) -> list[Any]:
        return [
            *coached("impact_headline"),
            Field("detected_at"),
            HTML(
                '<p class="fw-semibold mb-2 mt-3">The numbers — give at least one</p>'
                '<p class="form-text mt-0">Executives weigh impact in numbers, not adjectives.</p>'
            ),
            Row(
                Column("impact_customers_affected", css_class="col-md-6"),
                Column("impact_share_failing_pct", css_class="col-md-6"),
            ),
            Row(
                Column("impact_revenue_per_hour", css_class="col-md-5"),
                Column("impact_revenue_total", css_class="col-8 col-md-5"),
                Column("impact_currency", css_class="col-4 col-md-2"),
            ),
            Field("impact_delay_days"),
            Field("impact_dates_moved"),
            Row(
                Column("impact_metric_value", css_class="col-md-6"),
                Column("impact_metric_unit", css_class="col-md-6"),
            ),
            *coached("impact_detail"),
        ]

    def clean_impact_revenue_per_hour(self) -> Any:
        # Also a database constraint (esc_revenue_per_hour_not_negative); said here in words.
        value = self.cleaned_data.get("impact_revenue_per_hour")
        if value is not None and value < 0:
            raise forms.ValidationError("Revenue at risk cannot be negative: enter 0 or more.")
        return value

    def clean_impact_share_failing_pct(self) -> Any:
        value = self.cleaned_data.get("impact_share_failing_pct")
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(PERCENTAGE_RANGE)
        return value

    def clean_impact_revenue_total(self) -> Any:
        value = self.cleaned_data.get("impact_revenue_total")
        if value is not None and value < 0:
            raise forms.ValidationError("Revenue lost cannot be negative.")
        return value

    def clean_impact_delay_days(self) -> Any:
        value = self.cleaned_data.get("impact_delay_days")
        if value is not None and value > MAX_DELAY_DAYS:
            raise forms.ValidationError(
                f"{value:,} days is over ten years: check the number (at most {MAX_DELAY_DAYS:,})."
            )
        return value

    def clean_impact_currency(self) -> str:
        value = (self.cleaned_data.get("impact_currency") or "USD").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError("Use a three-letter code such as USD, EUR or GBP.")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        value, unit = (
            data.get("impact_metric_value"),
            (data.get("impact_metric_unit") or "").strip(),
        )
        if value is not None and not unit:
            self.add_error("impact_metric_unit", "Say what the number counts, e.g. “orders stuck”.")
        if unit and value is None:
            self.add_error("impact_metric_value", "Give the number for this unit.")
        has_number = any(
            data.get(name) not in (None, "") for name in QUANTITY_FIELDS if name not in self.errors
        )
        if not has_number and not self.errors:
            raise forms.ValidationError(
                "Give at least one number: customers affected, revenue per hour, share failing, "
                "days of delay, a date moved, or another number with its unit."
            )
        if wizard.slip_needs_delay(
            self.instance.kind, data.get("impact_delay_days"), data.get("impact_dates_moved") or ""
        ):
            self.add_error(
                "impact_delay_days",
                "This is a schedule slip: say how many days late, or which dates moved.",
            )
        return data


# --- step 2: root cause -----------------------------------------------------------------------


class CauseForm(StepForm):
    class Meta:
        model = Escalation
        fields = ["cause_statement", "cause_confidence"]
        labels = {
            "cause_statement": "What broke, and how did that produce the impact?",
            "cause_confidence": "How sure are you?",
        }
        help_texts = {
            "cause_statement": "Specific enough to show the diagnosis is real, told as consequence, not a stack trace. Good: “Our IdP certificate expired at 08:00; every SAML login fails the signature check.” Not: “something went wrong with the config.”",
            "cause_confidence": "Preliminary is fine — say so, and update when it is confirmed.",
        }
        widgets = {
            "cause_statement": forms.Textarea(attrs={"rows": 3}),
            "cause_confidence": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cause_statement"].required = True
        self.fields["cause_confidence"].required = True
        self.fields["cause_confidence"].choices = [  # type: ignore[attr-defined]
            ("confirmed", "Confirmed — we have proof"),
            ("preliminary", "Preliminary — our best current explanation"),
        ]
        self.fields["cause_confidence"].error_messages["required"] = (
            "Say whether the cause is confirmed or preliminary."
        )

    def build_layout(self) -> list[Any]:
        return [*coached("cause_statement"), Field("cause_confidence")]


# --- step 3: ownership ------------------------------------------------------------------------


class OwnershipForm(StepForm):
    class Meta:
        model = Escalation
        fields = ["ownership_statement"]
        labels = {"ownership_statement": "What do you own?"}
        help_texts = {
            "ownership_statement": "First person singular: what I decided, approved, skipped or failed to escalate. Good: “I merged the change without a canary.” Not: “an error was introduced”, “the squad missed it”, or “I was blocked by legal”. Never name a colleague as the culprit.",
        }
        widgets = {"ownership_statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ownership_statement"].required = True
        self.fields["ownership_statement"].error_messages["required"] = (
            "Say what you own — the executive needs to hear that you have it."
        )

    def build_layout(self) -> list[Any]:
        return coached("ownership_statement")


# --- step 4: remediation ----------------------------------------------------------------------


class RemediationForm(StepForm):
    class Meta:
        model = Escalation
        fields = [
            "remediation_mitigation",
            "remediation_expected_resolution_at",
            "remediation_depends_on",
            "remediation_alternatives",
            "remediation_prevention",
        ]
        labels = {
            "remediation_mitigation": "What is already in place to limit the damage?",
            "remediation_expected_resolution_at": "Expected resolution",
            "remediation_depends_on": "…which depends on",
            "remediation_alternatives": "Alternatives tried or considered, with their numbers",
            "remediation_prevention": "What will stop it happening again?",
        }
        help_texts = {
            "remediation_depends_on": "e.g. “the processor confirming the new certificate chain”.",
            "remediation_alternatives": "e.g. “Full failover to the backup processor: fees 0.4 pp higher (about €9,000 a day).”",
        }
        widgets = {
            "remediation_mitigation": forms.Textarea(attrs={"rows": 2}),
            "remediation_depends_on": forms.Textarea(attrs={"rows": 1}),
            "remediation_alternatives": forms.Textarea(attrs={"rows": 2}),
            "remediation_prevention": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remediation_mitigation"].help_text = format_html(
            "The {} already done: a {}, a feature switched off, {} mode. Good: “At 09:10 I routed "
            "EU payments to the backup processor; failures fell from 18% to 6%.” If none yet, say so.",
            term("Mitigation", "mitigation"),
            term("Rollback", "rollback"),
            term("Degraded performance", "degraded"),
        )
        self.fields["remediation_prevention"].help_text = format_html(
            "e.g. remove a {}, pay down {}, improve {} or {}.",
            term("SPOF"),
            term("Architectural debt"),
            term("Resilience"),
            term("HA"),
        )

    def build_layout(self) -> list[Any]:
        return [
            *coached("remediation_mitigation"),
            HTML('{% include "escalations/wizard.html#formset" %}'),
            Row(
                Column("remediation_expected_resolution_at", css_class="col-md-5"),
                Column(*coached("remediation_depends_on"), css_class="col-md-7"),
            ),
            *coached("remediation_alternatives"),
            *coached("remediation_prevention"),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if wizard.before_detection(
            data.get("remediation_expected_resolution_at"), self.instance.detected_at
        ):
            self.add_error(
                "remediation_expected_resolution_at",
                "That is before the problem started; check the date.",
            )
        return data


# --- step 5: asks -----------------------------------------------------------------------------


class AsksForm(StepForm):
    class Meta:
        model = Escalation
        fields = [
            "asks_information_only",
            "asks_information_only_reason",
            "asks_decision_threshold",
        ]
        labels = {
            "asks_information_only": "No decision needed — this is for their information only",
            "asks_information_only_reason": "…if so, why no decision is needed",
            "asks_decision_threshold": "Decision threshold: what will you drive without their approval?",
        }
        help_texts = {
            "asks_information_only_reason": "e.g. “the fix is funded and in hand; you will hear it from customers”.",
            "asks_decision_threshold": "So they know what you will not bring back to them. Good: “I will spend up to $5,000 on an emergency certificate and keep traffic on the backup for 48 h without approval.”",
        }
        widgets = {
            "asks_information_only_reason": forms.Textarea(attrs={"rows": 2}),
            "asks_decision_threshold": forms.Textarea(attrs={"rows": 2}),
        }

    def build_layout(self) -> list[Any]:
        return [
            HTML('{% include "escalations/wizard.html#formset" %}'),
            Field("asks_information_only"),
            *coached("asks_information_only_reason"),
            *coached("asks_decision_threshold"),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("asks_information_only")
            and not (data.get("asks_information_only_reason") or "").strip()
        ):
            self.add_error("asks_information_only_reason", "Say why no decision is needed.")
        return data


# --- step 6: prepare --------------------------------------------------------------------------


class PrepareForm(StepForm):
    class Meta:
        model = Escalation
        fields: list[str] = []


# --- escalate: reasons for overriding the coach ---------------------------------------------

OVERRIDE_PREFIX = "override:"
OVERRIDE_REASON_MAX = 1_000


class OverrideReasonsForm(TextForm):
    """The reasons typed on the review page: one per open coach error (``override:<key>``),
    and why a pre-read above the word limit must be that long."""

    preread_length_reason = forms.CharField(
        required=False,
        max_length=OVERRIDE_REASON_MAX,
        widget=forms.Textarea,
        error_messages={
            "max_length": "Keep the reason under %(limit_value)d characters (it has "
            "%(show_value)d).",
        },
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        for key in data:
            if key.startswith(OVERRIDE_PREFIX):
                self.fields[key] = forms.CharField(
                    required=False,
                    max_length=OVERRIDE_REASON_MAX,
                    widget=forms.Textarea,
                    error_messages={
                        "max_length": "Keep each reason under %(limit_value)d characters "
                        "(one has %(show_value)d).",
                    },
                )

    def reasons(self) -> dict[str, str]:
        """Reasons keyed by the coach finding's key, as cleaned."""
        return {
            k.removeprefix(OVERRIDE_PREFIX): v
            for k, v in self.cleaned_data.items()
            if k.startswith(OVERRIDE_PREFIX)
        }

    def raw_reasons(self) -> dict[str, str]:
        """What was typed, unvalidated, to show again."""
        return {
            k.removeprefix(OVERRIDE_PREFIX): self.data.get(k, "")
            for k in self.fields
            if k.startswith(OVERRIDE_PREFIX)
        }

    def first_error(self) -> str:
        return next(str(errors[0]) for errors in self.errors.values())


# --- rows -------------------------------------------------------------------------------------


class RowForm(TextModelForm):
    """One inline row; ``widths`` lays its fields out on a 12-column grid."""

    widths: ClassVar[dict[str, str]] = {}
    coached_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.widget = datetime_widget()
                field.validators.append(validate_sane_year)
                field.help_text = _zone_note()

    def layout_fields(self) -> list[tuple[forms.BoundField, str, bool]]:
        return [
            (self[name], self.widths.get(name, "col-12"), name in self.coached_fields)
            for name in self.fields
            if name not in ("id", "escalation", "DELETE")
        ]


class FactorForm(RowForm):
    widths: ClassVar[dict[str, str]] = {"description": "col-12", "is_authors": "col-12"}
    coached_fields = ("description",)

    class Meta:
        model = ContributingFactor
        fields = ["description", "is_authors"]
        labels = {"description": "Factor", "is_authors": "This is the one I controlled"}
        help_texts = {
            "description": "e.g. “Expiry alerts went to a retired mailing list.”",
            "is_authors": "",
        }


class ActionForm(RowForm):
    widths: ClassVar[dict[str, str]] = {
        "description": "col-12",
        "owner_name": "col-md-4",
        "due_at": "col-md-5",
        "kind": "col-md-3",
    }
    coached_fields = ("description",)

    class Meta:
        model = RemediationAction
        fields = ["description", "owner_name", "due_at", "kind"]
        labels = {
            "description": "Action",
            "owner_name": "Owner",
            "due_at": "Due",
            "kind": "Type",
        }
        help_texts = {
            "description": "Good: “Deploy the patch to all regions” — owner Sam, due 16:00."
        }
        error_messages = {
            "owner_name": {"required": "Every action needs one named owner."},
            "due_at": {"required": "Every action needs a due time."},
            "description": {"required": "Say what will be done."},
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        escalation = getattr(self.instance, "escalation", None)
        detected = escalation.detected_at if escalation is not None else None
        if wizard.before_detection(data.get("due_at"), detected):
            self.add_error("due_at", "That is before the problem started; check the date.")
        refuse_new_past_deadline(self, "due_at", "Due")
        return data


class AskForm(RowForm):
    widths: ClassVar[dict[str, str]] = {
        "decision": "col-12",
        "kind": "col-md-4",
        "amount": "col-md-3",
        "decide_by": "col-md-5",
        "options": "col-12",
    }
    coached_fields = ("decision",)

    class Meta:
        model = Ask
        fields = ["decision", "kind", "amount", "decide_by", "options"]
        labels = {
            "decision": "The decision you need",
            "kind": "Type",
            "amount": "Amount (if spend)",
            "decide_by": "Decide by",
            "options": "Options (for “Choose between”: one per line)",
        }
        help_texts = {
            "decision": "A decision verb and the options: “Approve two contractors ($14K)”, “Choose between delaying launch and cutting SSO”. Not “thoughts?”.",
            "options": "The executive picks one from the email or the status page, and the record says which.",
        }
        # An ask runs to a sentence or two: on a phone a one-line input would cut it off.
        widgets = {
            "decision": forms.Textarea(attrs={"rows": 2}),
            "options": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "decide_by": {"required": "Every ask needs a decide-by time."},
            "decision": {"required": "Say what they need to decide."},
        }

    def clean_amount(self) -> Any:
        # Also a database constraint (ask_amount_not_negative); said here in words.
        value = self.cleaned_data.get("amount")
        if value is not None and value < 0:
            raise forms.ValidationError("An amount cannot be negative: enter 0 or more.")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        refuse_new_past_deadline(self, "decide_by", "Decide by")
        options = [o for o in (self.cleaned_data.get("options") or "").splitlines() if o.strip()]
        if self.cleaned_data.get("kind") == AskKind.CHOOSE_OPTION and len(options) < 2:
            self.add_error(
                "options",
                "List the options to choose between, one per line: the executive picks one.",
            )
        return self.cleaned_data


class QuestionForm(RowForm):
    widths: ClassVar[dict[str, str]] = {"question": "col-12", "answer": "col-12"}
    coached_fields = ("answer",)

    class Meta:
        model = AnticipatedQuestion
        fields = ["question", "answer"]
        labels = {"question": "Question they will likely ask", "answer": "Your prepared answer"}
        help_texts = {
            "question": "e.g. “Do we owe customers or the regulator anything?” or “Could this happen elsewhere?”",
            "answer": "With the data: numbers, names of systems, dates.",
        }
        widgets = {"answer": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"answer": {"required": "Prepare the answer, with the data."}}


# The most rows a step's list holds ("Add" stops there). Also each formset's absolute_max:
# a forged TOTAL_FORMS builds no more forms than this, and is answered with the message below.
MAX_ROWS = 30


class RowFormSet(BaseInlineFormSet):
    default_error_messages = {  # noqa: RUF012 - Django's own attribute
        "too_many_forms": "A list holds at most %(num)d rows: remove some and save again.",
    }
    min_rows: ClassVar[int] = 0
    min_message: ClassVar[str] = ""
    noun: ClassVar[str] = "row"
    add_label: ClassVar[str] = "Add a row"

    def live_forms(self) -> list[forms.ModelForm]:
        """Rows that will be saved: filled in and not removed."""
        return [
            f
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not self._should_delete_form(f)  # type: ignore[attr-defined]
        ]

    def required_rows(self) -> int:
        return self.min_rows

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if len(self.live_forms()) < self.required_rows():
            raise forms.ValidationError(self.min_message)


class FactorFormSet(RowFormSet):
    noun = "contributing factor"
    add_label = "Add a contributing factor"

    def clean(self) -> None:
        super().clean()
        mine = [f for f in self.live_forms() if f.cleaned_data.get("is_authors")]
        if len(mine) > 1:
            raise forms.ValidationError("Mark only one factor as the one you controlled.")


class ActionFormSet(RowFormSet):
    min_rows = 1
    min_message = "Add at least one action with an owner and a due time."
    noun = "action"
    add_label = "Add an action"


class AskFormSet(RowFormSet):
    noun = "ask"
    add_label = "Add an ask"

    def _information_only(self) -> bool:
        return (self.data.get("asks_information_only") or "") in ("on", "true", "True", "1")

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        live = len(self.live_forms())
        if live == 0 and not self._information_only():
            raise forms.ValidationError(
                "Add at least one ask with a decide-by time, or tick “No decision needed” and say why."
            )
        if live and self._information_only():
            raise forms.ValidationError(
                "You ticked “No decision needed” but listed asks: remove the asks or untick it."
            )


class QuestionFormSet(RowFormSet):
    min_rows = wizard.MIN_QUESTIONS
    min_message = (
        f"Prepare at least {wizard.MIN_QUESTIONS} likely follow-up questions with your answers."
    )
    noun = "question"
    add_label = "Add a question"


FORMSETS: dict[str, tuple[str, type[RowFormSet], type[RowForm], type[Any]]] = {
    # step slug: (prefix, formset base, row form, model)
    "cause": ("factors", FactorFormSet, FactorForm, ContributingFactor),
    "remediation": ("actions", ActionFormSet, ActionForm, RemediationAction),
    "asks": ("asks", AskFormSet, AskForm, Ask),
    "prepare": ("questions", QuestionFormSet, QuestionForm, AnticipatedQuestion),
}

STEP_FORMS: dict[str, type[StepForm]] = {
    "triage": TriageForm,
    "impact": ImpactForm,
    "cause": CauseForm,
    "ownership": OwnershipForm,
    "remediation": RemediationForm,
    "asks": AsksForm,
    "prepare": PrepareForm,
}


def formset_class(slug: str, existing: int) -> type[RowFormSet]:
    """The step's formset, offering empty rows up to its minimum (at least one)."""
    _prefix, base, form, model = FORMSETS[slug]
    wanted = max(base.min_rows, 1)
    return inlineformset_factory(  # type: ignore[return-value]
        Escalation,
        model,
        form=form,
        formset=base,
        extra=max(wanted - existing, 0),
        can_delete=True,
        min_num=0,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


def _existing_rows(escalation: Escalation, slug: str) -> int:
    prefix = FORMSETS[slug][0]
    related = {
        "factors": "contributing_factors",
        "actions": "actions",
        "asks": "asks",
        "questions": "questions",
    }[prefix]
    return len(getattr(escalation, related).all())


class StepForms:
    """A step's form and its formset (if any), bound or not, validated together."""

    def __init__(
        self,
        slug: str,
        escalation: Escalation,
        data: Any = None,
        *,
        author_time_zone: str = "UTC",
    ) -> None:
        self.slug = slug
        # True when showing what the author typed (an autosaved draft), not the saved section.
        self.restored = False
        kwargs: dict[str, Any] = {"instance": escalation}
        if slug == "triage":
            kwargs["author_time_zone"] = author_time_zone
        self.form: StepForm = STEP_FORMS[slug](data, **kwargs)
        self.formset: RowFormSet | None = None
        if slug in FORMSETS:
            prefix = FORMSETS[slug][0]
            cls = formset_class(slug, _existing_rows(escalation, slug))
            self.formset = cls(data, instance=escalation, prefix=prefix)

    @property
    def prefix(self) -> str | None:
        return FORMSETS[self.slug][0] if self.slug in FORMSETS else None

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        formset_ok = self.formset.is_valid() if self.formset is not None else True
        return form_ok and formset_ok

    def silence_errors(self) -> None:
        """Show restored draft text without shouting about fields not reached yet."""
        # Setting the cached error containers stops the lazy full_clean() on render.
        self.form._errors = ErrorDict()  # type: ignore[attr-defined]
        if self.formset is not None:
            for f in self.formset.forms:
                f._errors = ErrorDict()
            self.formset._errors = [ErrorDict() for _ in self.formset.forms]  # type: ignore[attr-defined]
            self.formset._non_form_errors = ErrorList()  # type: ignore[attr-defined]

    def keeps(self, key: str) -> bool:
        """Whether a posted key belongs to this step (what autosave may store)."""
        if key in self.form.fields:
            return True
        return self.prefix is not None and key.startswith(f"{self.prefix}-")
