"""The RCA's forms: validation only. Rows reuse the wizard's row forms (date widget in the
author's zone, sane years, the text policy) so an RCA row behaves like any other row."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.models import inlineformset_factory

from escalations.formfields import TextForm, TextModelForm
from escalations.models import PreventiveAction, Rca, RcaTimelineEntry
from escalations.rca.services import MAX_MOMENTS, MIN_REASON
from escalations.wizard.forms import RowForm, RowFormSet, refuse_new_past_deadline

# A form may carry at most this many rows of each kind: also each formset's absolute_max, so
# a forged TOTAL_FORMS builds no more forms than this (the wizard's lists hold 30). An RCA's
# timeline is drawn from every state change and decision, so it holds many more: as many as
# the seed ever writes (services.MAX_MOMENTS), so a seeded timeline can always be saved.
MAX_ROWS = 50
MAX_MOMENTS_ROWS = MAX_MOMENTS


class RcaForm(TextModelForm):
    class Meta:
        model = Rca
        fields = [
            "cause_statement",
            "cause_confidence",
            "cause_category",
            "impact_final",
            "went_well",
            "went_badly",
        ]
        labels = {
            "cause_statement": "Confirmed root cause",
            "cause_confidence": "How confident are you?",
            "cause_category": "What kind of cause was it?",
            "impact_final": "Final impact",
            "went_well": "What went well",
            "went_badly": "What did not go well",
        }
        help_texts = {
            "cause_statement": "What broke and why, as a business consequence. Say what you "
            "controlled: “I approved the certificate rotation without an expiry alert.”",
            "impact_final": "The figures once it was over: who, how many, how long, how much.",
            "went_well": "e.g. “I rolled back within 12 minutes of the first alert.”",
            "went_badly": "In the first person, no names: “I waited 40 minutes before escalating.”",
        }
        widgets = {
            "cause_statement": forms.Textarea(attrs={"rows": 3}),
            "impact_final": forms.Textarea(attrs={"rows": 2}),
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "went_badly": forms.Textarea(attrs={"rows": 3}),
        }


class TimelineEntryForm(RowForm):
    widths: ClassVar[dict[str, str]] = {"at": "col-md-4", "text": "col-md-8"}

    class Meta:
        model = RcaTimelineEntry
        fields = ["at", "text"]
        labels = {"at": "When", "text": "What happened"}
        error_messages = {
            "at": {"required": "Give the time of this moment."},
            "text": {"required": "Say what happened then."},
        }


class PreventiveActionForm(RowForm):
    widths: ClassVar[dict[str, str]] = {
        "description": "col-12",
        "owner_name": "col-md-5",
        "due_at": "col-md-7",
    }
    coached_fields = ("description",)

    class Meta:
        model = PreventiveAction
        fields = ["description", "owner_name", "due_at"]
        labels = {"description": "Preventive action", "owner_name": "Owner", "due_at": "Due"}
        help_texts = {
            "description": "What stops it happening again: “Alert 14 days before any "
            "certificate expires.”"
        }
        error_messages = {
            "owner_name": {"required": "Every preventive action needs one named owner."},
            "due_at": {"required": "Every preventive action needs a due date."},
            "description": {"required": "Say what will be done."},
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        refuse_new_past_deadline(self, "due_at", "Due")
        return self.cleaned_data


class TimelineFormSet(RowFormSet):
    default_error_messages = {  # noqa: RUF012 - Django's own attribute
        "too_many_forms": "The timeline holds at most %(num)d moments: remove or merge some "
        "and save again (nothing else was lost).",
    }
    noun = "moment"
    add_label = "Add a moment"


class PreventiveFormSet(RowFormSet):
    noun = "preventive action"
    add_label = "Add a preventive action"


def rca_formsets(rca: Rca, data: Any = None) -> dict[str, RowFormSet]:
    """The timeline and preventive-action rows, bound or not, with one empty row each."""
    out: dict[str, RowFormSet] = {}
    for prefix, model, form, base, most in (
        ("timeline", RcaTimelineEntry, TimelineEntryForm, TimelineFormSet, MAX_MOMENTS_ROWS),
        ("preventive", PreventiveAction, PreventiveActionForm, PreventiveFormSet, MAX_ROWS),
    ):
        cls = inlineformset_factory(
            Rca,
            model,
            form=form,
            formset=base,
            extra=1,
            can_delete=True,
            max_num=most,
            absolute_max=most,
            validate_max=True,
        )
        out[prefix] = cls(data, instance=rca, prefix=prefix)  # type: ignore[assignment]
    return out


class ReasonForm(TextForm):
    """Why no RCA, or why a preventive action will not be done."""

    reason = forms.CharField(
        label="Why?", widget=forms.Textarea(attrs={"rows": 2}), min_length=MIN_REASON
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["min_length"] = (
            f"Say why in a sentence (at least {MIN_REASON} characters): whoever reads it "
            "later must learn why."
        )


class DoneForm(TextForm):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        help_text="e.g. the pull request, the runbook, the alert's name.",
    )
