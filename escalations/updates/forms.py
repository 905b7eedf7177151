"""The author's "Post an update" form."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from escalations import cadence
from escalations.coach import Finding
from escalations.coach.fields import check_field
from escalations.formfields import TextForm
from escalations.models import Escalation, PublicStatus
from escalations.timetext import clock_or_day

BODY_MAX_LENGTH = 5000
# "Next update by 21:00", "next update at 9.30", "Next update: 14:00" in the author's zone.
NEXT_UPDATE = re.compile(
    r"next\s+update\s*(?:by|at|before|around|:)?\s*(?P<h>[01]?\d|2[0-3])[:.h](?P<m>[0-5]\d)",
    re.IGNORECASE,
)


def promised_time(body: str, now: datetime) -> datetime | None:
    """The next-update time written in the text: the next such clock time after now, in
    the active (author's) zone."""
    match = NEXT_UPDATE.search(body)
    if match is None:
        return None
    local_now = timezone.localtime(now)
    candidate = local_now.replace(
        hour=int(match["h"]), minute=int(match["m"]), second=0, microsecond=0
    )
    if candidate <= local_now:
        candidate += timedelta(days=1)
    return candidate


class UpdateForm(TextForm):
    body = forms.CharField(
        label="What changed",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. Say what changed for customers, what you are doing, and when the next update comes.",
        error_messages={
            "required": "Write what changed, or use “No change since …” if nothing did.",
            "max_length": "Keep an update under %(limit_value)d characters (this one has %(show_value)d): the executive reads it on a phone.",
        },
    )
    state = forms.ChoiceField(label="Status readers see", choices=PublicStatus.choices)
    # Set to the fingerprint of the body the author chose to post despite the coach.
    confirm_weak = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        escalation: Escalation | None = None,
        now: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.escalation = escalation
        self.now = now or timezone.now()
        # The coach's wording findings the author is asked to confirm once (see `clean`).
        self.weak_findings: list[tuple[str, Finding]] = []
        self.weak_fingerprint = ""
        if escalation is not None and escalation.is_open:
            # "Resolved" next to "next update by…" would mislead readers and the reminders
            # would keep coming: resolving is a state change (the state panel).
            state = self.fields["state"]
            assert isinstance(state, forms.ChoiceField)  # noqa: S101 - declared just above
            state.choices = [c for c in PublicStatus.choices if c[0] != PublicStatus.RESOLVED]
            state.help_text = "To resolve, use “Mark resolved” in the state panel."

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(
                "Write what changed, or use “No change since …” if nothing did."
            )
        self.cleaned_data["next_update_by"] = self._promise(body)
        return body

    def clean(self) -> dict[str, Any]:
        """An update with wording the executive will notice (a warning or an error from the
        coach) is held once: the author edits it, or confirms this exact text is meant."""
        cleaned = super().clean() or {}
        body = cleaned.get("body")
        if not body or self.errors:
            return cleaned
        weak = [f for f in check_field("body", body) if f.severity in {"error", "warning"}]
        fingerprint = body_fingerprint(body)
        if weak and cleaned.get("confirm_weak") != fingerprint:
            self.weak_findings = [(body[f.start : f.end], f) for f in weak]
            self.weak_fingerprint = fingerprint
            n = len(weak)
            raise forms.ValidationError(
                f"The coach found {n} thing{'s' if n != 1 else ''} in this update that the "
                "executive will notice (marked below the text). Edit it, or press “Post "
                "anyway” to send it as written.",
                code="coach_confirm",
            )
        return cleaned

    def _promise(self, body: str) -> datetime | None:
        """The time written in the text must be the one the page promises: earlier than
        the cadence is kept as the promise, later is refused with the reason."""
        promised = promised_time(body, self.now)
        if promised is None or self.escalation is None:
            return None
        due = cadence.next_update_due(self.escalation, after=self.now)
        if due is None:
            return None
        if promised > due + timedelta(seconds=59):
            raise forms.ValidationError(
                f"Your text promises the next update by {clock_or_day(promised, self.now)}, "
                f"but the cadence owes readers one by {clock_or_day(due, self.now)}: write "
                f"{clock_or_day(due, self.now)} or earlier, or change the cadence."
            )
        return promised


def body_fingerprint(body: str) -> str:
    """Names one exact text, so a confirmation never carries over to edited words."""
    return hashlib.sha256(body.encode()).hexdigest()[:16]
