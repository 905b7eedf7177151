"""The escalation domain: one escalation, its five sections, and what hangs off it.

Design choice — sections as fields, lists as rows.
Each of the five sections (impact, cause, ownership, remediation, asks) exists exactly once
per escalation and is always read together with it, so its scalar parts are columns on
``Escalation`` (prefixed ``impact_``, ``cause_``, ``ownership_``, ``remediation_``,
``asks_``). What a section holds *several* of — contributing factors, remediation actions,
asks, anticipated questions, updates, meetings — is a child table. The whole escalation
therefore loads in a fixed number of queries: one for the row and one per child table
(``escalations.selectors.escalation_full``), whatever the number of children.

Instants are stored in UTC. Where a person chose a zone (the author's profile, the
executive, a meeting) the IANA name is stored next to the instant so it can be shown back
in the zone it was entered in.
"""

from __future__ import annotations

import contextlib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse

# Sent by ``escalations.services.escalation_touch`` and nowhere else, right after a write
# that changes what readers of an escalation see, with ``pks``: the ids of the escalations
# concerned. Inside a transaction it is sent before the commit; receivers that publish
# elsewhere wait for it (``transaction.on_commit``). Receivers keep caches in step and carry
# no business logic. ``statuspages`` listens; ``escalations`` never imports it.
escalation_changed = Signal()


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_or_utc(tz_name: str) -> zoneinfo.ZoneInfo:
    """The named IANA zone, or UTC for a name this machine does not know."""
    try:
        return zoneinfo.ZoneInfo(tz_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def validate_time_zone(value: str) -> None:
    if value not in _known_zones():
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Use an IANA name such as Europe/Berlin.",
            params={"value": value},
        )


def _zone_tab_names(text: str) -> set[str]:
    return {line.split("\t")[2] for line in text.splitlines() if line and not line.startswith("#")}


@cache
def _canonical_zones() -> frozenset[str]:
    """One entry per place (zone.tab and zone1970.tab), without the ~200 legacy aliases
    ("US/Eastern", "Etc/GMT+5", "Asia/Calcutta") that make the list hard to scan."""
    names: set[str] = set()
    for tab in ("zone.tab", "zone1970.tab"):
        for folder in zoneinfo.TZPATH:
            path = Path(folder) / tab
            if path.exists():
                names |= _zone_tab_names(path.read_text(encoding="utf-8"))
                break
        else:
            with contextlib.suppress(ModuleNotFoundError, FileNotFoundError):
                names |= _zone_tab_names(
                    resources.files("tzdata.zoneinfo").joinpath(tab).read_text(encoding="utf-8")
                )
    known = _known_zones()
    canonical = (names & known) | {"UTC"}
    # Without the tables, every zone with a region beats an empty list.
    return (
        frozenset(canonical)
        if len(canonical) > 1
        else frozenset(z for z in known if "/" in z or z == "UTC")
    )


def time_zone_choices() -> list[tuple[str, str]]:
    """The zones a person picks from; any other IANA name stays valid where it is typed."""
    return [(z, z.replace("_", " ")) for z in sorted(_canonical_zones())]


class Kind(models.TextChoices):
    MAJOR_INCIDENT = "major_incident", "Major incident (outage, data)"
    SECURITY_INCIDENT = "security_incident", "Security incident"
    THIRD_PARTY_OUTAGE = "third_party_outage", "Third-party outage"
    SCHEDULE_SLIP = "schedule_slip", "Schedule slip"
    TECH_DEBT = "tech_debt", "Technical debt"


INCIDENT_KINDS = frozenset({Kind.MAJOR_INCIDENT, Kind.SECURITY_INCIDENT, Kind.THIRD_PARTY_OUTAGE})


class Severity(models.TextChoices):
    SEV1 = "sev1", "SEV1 — critical"
    SEV2 = "sev2", "SEV2 — major"
    SEV3 = "sev3", "SEV3 — moderate"
    SEV4 = "sev4", "SEV4 — minor"


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    ESCALATED = "escalated", "Escalated"
    CONTAINED = "contained", "Contained"
    RESOLVED = "resolved", "Resolved"
    REVIEWED = "reviewed", "Reviewed"


# States in which the executive is owed updates on the cadence.
OPEN_STATES = frozenset({State.ESCALATED, State.CONTAINED})


class PublicStatus(models.TextChoices):
    """The status-page vocabulary readers know from incident tools."""

    INVESTIGATING = "investigating", "Investigating"
    IDENTIFIED = "identified", "Identified"
    MITIGATING = "mitigating", "Mitigating"
    MONITORING = "monitoring", "Monitoring"
    RESOLVED = "resolved", "Resolved"


class TriageVerdict(models.TextChoices):
    EXECUTIVE = "executive", "Executive-level"
    NORMAL_CHANNEL = "normal_channel", "Route to the normal channel"


class CauseConfidence(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    PRELIMINARY = "preliminary", "Preliminary"


class Profile(models.Model):
    """Per-person preferences: the time zone they enter and read times in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upward_profile"
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])

    def __str__(self) -> str:
        return f"{self.user} ({self.time_zone})"


class CadencePolicy(models.Model):
    """How often the executive is owed an update, per kind of escalation.

    Seeded from docs/cadence.md's defaults by a data migration; superusers may edit it in the admin.
    """

    kind = models.CharField(max_length=32, choices=Kind.choices, unique=True)
    interval_until_contained = models.DurationField(
        help_text="Update interval while the escalation is open and not yet contained."
    )
    interval_after_contained = models.DurationField(
        help_text="Update interval once contained, until resolved."
    )
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "cadence policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_until_contained__gt=timedelta(0))
                & Q(interval_after_contained__gt=timedelta(0)),
                name="cadence_intervals_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.interval_until_contained} → {self.interval_after_contained}"


# The defaults of docs/cadence.md; also used when a policy row is missing.
DEFAULT_CADENCE: dict[str, tuple[timedelta, timedelta]] = {
    Kind.MAJOR_INCIDENT: (timedelta(hours=1), timedelta(days=1)),
    Kind.SECURITY_INCIDENT: (timedelta(hours=1), timedelta(days=1)),
    Kind.THIRD_PARTY_OUTAGE: (timedelta(hours=1), timedelta(days=1)),
    Kind.SCHEDULE_SLIP: (timedelta(days=1), timedelta(days=1)),
    Kind.TECH_DEBT: (timedelta(days=7), timedelta(days=7)),
}


class SubscriptionMode(models.TextChoices):
    EACH = "each", "Every update, as it is posted"
    DIGEST = "digest", "One daily digest"
    OFF = "off", "No emails"


class Executive(models.Model):
    """Someone escalations are addressed to, known once to the whole installation.

    Authors pick an executive in triage instead of typing their name, address and zone on
    every escalation; the executive's choice of how updates reach them (``mode`` and
    ``digest_at``, read in ``time_zone``) applies to every escalation addressed to them.
    ``desk_key`` is the revocable secret behind their personal desk link: the link is signed
    over (id, ``desk_key``), so no working link is stored, and rotating the key revokes it.
    """

    name = models.CharField(max_length=120, help_text="Their name only, e.g. Dana Whitfield.")
    title = models.CharField(max_length=120, blank=True, help_text="e.g. CTO.")
    email = models.EmailField(unique=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    mode = models.CharField(
        max_length=8, choices=SubscriptionMode.choices, default=SubscriptionMode.EACH
    )
    digest_at = models.TimeField(null=True, blank=True, help_text="Local time of the digest.")
    desk_key = models.CharField(max_length=32, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode="digest") | Q(digest_at__isnull=False),
                name="executive_digest_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name


class TeamRole(models.TextChoices):
    MEMBER = "member", "Member"
    REVIEWER = "reviewer", "Reviewer"


class Team(models.Model):
    """A group of people whose escalations belong together (docs/access.md).

    An escalation belongs to its author's team, chosen when it is created; the team's
    reviewers see its escalations in the admin review, and its members are the people the
    author may add as co-authors. A person may be in several teams, as member or reviewer.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short stable name, e.g. payments; IdP groups map to it.",
    )
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="upward_teams"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """One person in one team, as a member or a reviewer (a reviewer is also a member)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_membership_once"),
        ]
        indexes = [models.Index(fields=["user", "role"], name="team_membership_user_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"


class Escalation(models.Model):
    # --- identity and lifecycle -------------------------------------------------------
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.MAJOR_INCIDENT)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.SEV2)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations"
    )
    executive = models.ForeignKey(
        Executive,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    # The author's team when it was created (the author picks in triage when in several);
    # null when the author is in none. Its reviewers see it in the admin review.
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="escalations"
    )
    # Colleagues from the team who may edit and post updates like the author (docs/access.md).
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_escalations"
    )

    detected_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    contained_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_escalations",
    )
    last_updated_at = models.DateTimeField(null=True, blank=True)
    # Indexed: the stale scan asks "which open escalations are past due?" every tick.
    next_update_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    stale_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Bumped by every write that readers can see; keys the status page's HTML cache.
    version = models.PositiveIntegerField(default=1)

    # --- cadence overrides (stricter than the policy, chosen by the author) -------------
    cadence_interval = models.DurationField(
        null=True, blank=True, help_text="A stricter interval than the policy for this kind."
    )
    cadence_daily_at = models.TimeField(
        null=True, blank=True, help_text="Commit to a fixed daily time, e.g. 09:00."
    )
    cadence_time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone]
    )

    # --- step 0: triage -----------------------------------------------------------------
    triage_business_impact = models.BooleanField(null=True, blank=True)
    triage_severe = models.BooleanField(null=True, blank=True)
    triage_normal_channels_tried = models.BooleanField(null=True, blank=True)
    triage_reputational_risk = models.BooleanField(null=True, blank=True)
    triage_verdict = models.CharField(max_length=16, choices=TriageVerdict.choices, blank=True)
    triage_reason = models.TextField(blank=True)
    # Set when the author continues although the verdict said "normal channel".
    triage_override_reason = models.TextField(blank=True)

    # --- step 1: impact -----------------------------------------------------------------
    impact_headline = models.TextField(blank=True)
    impact_customers_affected = models.PositiveIntegerField(null=True, blank=True)
    impact_revenue_per_hour = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    # What was lost so far (stated by the author); once contained, readers see this rather
    # than a per-hour figure that is no longer at risk.
    impact_revenue_total = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True
    )
    impact_currency = models.CharField(max_length=3, default="USD")
    impact_share_failing_pct = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    impact_delay_days = models.PositiveIntegerField(null=True, blank=True)
    impact_dates_moved = models.CharField(max_length=300, blank=True)
    impact_metric_value = models.DecimalField(
        max_digits=16, decimal_places=3, null=True, blank=True
    )
    impact_metric_unit = models.CharField(max_length=40, blank=True)
    impact_detail = models.TextField(blank=True)

    # --- step 2: root cause ---------------------------------------------------------------
    cause_statement = models.TextField(blank=True)
    cause_confidence = models.CharField(max_length=16, choices=CauseConfidence.choices, blank=True)

    # --- step 3: ownership --------------------------------------------------------------
    ownership_statement = models.TextField(blank=True)

    # --- step 4: remediation ------------------------------------------------------------
    remediation_mitigation = models.TextField(blank=True)
    remediation_expected_resolution_at = models.DateTimeField(null=True, blank=True)
    remediation_depends_on = models.TextField(blank=True)
    remediation_alternatives = models.TextField(blank=True)
    remediation_prevention = models.TextField(blank=True)

    # --- step 5: asks -------------------------------------------------------------------
    asks_decision_threshold = models.TextField(blank=True)
    asks_information_only = models.BooleanField(default=False)
    asks_information_only_reason = models.TextField(blank=True)

    # --- the emailed pre-read -------------------------------------------------------------
    preread_include_answers = models.BooleanField(
        default=False, help_text="Append my prepared answers to the emailed pre-read."
    )
    # Escalating a pre-read above the hard word limit needs a reason (recorded).
    preread_length_override_reason = models.TextField(blank=True)

    # --- wizard drafts ------------------------------------------------------------------
    # Autosave keeps what the author typed per step, valid or not, so closing the tab loses
    # nothing; a valid submit writes the real fields and clears that step's draft.
    wizard_drafts = models.JSONField(default=dict, blank=True)
    wizard_autosaved_at = models.DateTimeField(null=True, blank=True)
    # step slug → revision, bumped by every autosave and save of that step: a tab that
    # loaded an older revision is told, instead of silently overwriting the other tab.
    wizard_revisions = models.JSONField(default=dict, blank=True)
    # step slug → display name of who last autosaved or saved it, so a co-author's stale
    # form can say whose text it would overwrite.
    wizard_editors = models.JSONField(default=dict, blank=True)

    # --- the current summary (escalations/updates/summary.py) ---------------------------
    # What readers see first, above the write-up as first reported: the author restates
    # the impact with each update (running figures), and gives the final figures when the
    # matter is contained or resolved. Blank until the first update: the headline stands.
    summary_impact = models.TextField(blank=True)
    summary_impact_final = models.BooleanField(default=False)
    # The first line of the latest update the author wrote ("what changed since the last").
    summary_changed = models.TextField(blank=True)
    summary_updated_at = models.DateTimeField(null=True, blank=True)

    # --- post-incident review -----------------------------------------------------------
    review_root_cause_confirmed = models.BooleanField(null=True, blank=True)
    review_prevention_actions = models.TextField(blank=True)
    review_lessons = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="esc_owner_created_idx"),
            models.Index(fields=["state", "next_update_due_at"], name="esc_state_due_idx"),
            models.Index(fields=["escalated_at"], name="esc_escalated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(impact_share_failing_pct__isnull=True)
                | (Q(impact_share_failing_pct__gte=0) & Q(impact_share_failing_pct__lte=100)),
                name="esc_share_failing_is_percentage",
            ),
            models.CheckConstraint(
                condition=Q(impact_revenue_per_hour__isnull=True)
                | Q(impact_revenue_per_hour__gte=0),
                name="esc_revenue_per_hour_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(state=State.DRAFT) | Q(escalated_at__isnull=False),
                name="esc_escalated_has_escalated_at",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[State.RESOLVED, State.REVIEWED])
                | Q(resolved_at__isnull=False),
                name="esc_resolved_has_resolved_at",
            ),
            models.CheckConstraint(
                condition=Q(cadence_interval__isnull=True) | Q(cadence_interval__gt=timedelta(0)),
                name="esc_cadence_interval_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("escalations:detail", args=[self.pk])

    # --- the executive (a directory entry; none until triage names one) ---------------------
    @property
    def executive_address(self) -> str:
        """Where the executive's emails go: their directory entry's address, or ""."""
        return self.executive.email if self.executive is not None else ""

    @property
    def executive_zone(self) -> str:
        """The executive's zone; before one is chosen, the zone the escalation was opened in."""
        if self.executive is not None:
            return self.executive.time_zone or "UTC"
        return self.cadence_time_zone or "UTC"

    @property
    def executive_label(self) -> str:
        """Their name for sentences ("… declined"): the name only, never the title."""
        return self.executive.name if self.executive is not None else ""

    # --- computed state (pure; no I/O beyond the ORM) -------------------------------------
    @property
    def is_incident(self) -> bool:
        return self.kind in INCIDENT_KINDS

    @property
    def is_open(self) -> bool:
        """Still owed updates: escalated or contained, not yet resolved."""
        return self.state in OPEN_STATES

    def is_stale(self, now: datetime) -> bool:
        """Overdue: open, and the promised next update time has passed."""
        return (
            self.is_open and self.next_update_due_at is not None and now > self.next_update_due_at
        )

    def overdue_by(self, now: datetime) -> timedelta | None:
        if not self.is_stale(now) or self.next_update_due_at is None:
            return None
        return now - self.next_update_due_at

    def actions_overdue(self, now: datetime) -> list[RemediationAction]:
        """The actions past their due time and not done (from the prefetched actions)."""
        if not self.is_open:
            return []
        return [a for a in self.actions.all() if a.is_overdue(now)]

    @property
    def actions_progress(self) -> str:
        """ "Actions 1 of 2 done", as the status page, the update emails and the pre-read
        say it; empty when there are no actions."""
        actions = list(self.actions.all())
        if not actions:
            return ""
        done = sum(1 for a in actions if a.is_done)
        return f"Actions {done} of {len(actions)} done"

    @property
    def detection_to_escalation(self) -> timedelta | None:
        if self.detected_at and self.escalated_at:
            return self.escalated_at - self.detected_at
        return None

    @property
    def closing(self) -> RcaProgress | None:
        """Once the RCA is complete: its preventive actions' progress and whether the
        escalation is closed (two queries unless prefetched); None before. An open
        escalation has no RCA yet and costs no query."""
        if self.state not in (State.CONTAINED, State.RESOLVED, State.REVIEWED):
            return None
        try:
            rca = self.rca
        except Rca.DoesNotExist:
            return None
        return rca.progress() if rca.is_complete else None

    @property
    def impact_now(self) -> str:
        """The impact as it stands: the author's latest restatement, else the headline."""
        return self.summary_impact or self.impact_headline

    @property
    def impact_now_label(self) -> str:
        """ "Final impact" once the author gave the final figures (contained or resolved)
        and the matter is no longer escalated; "Impact now" while figures still run."""
        if self.summary_impact_final and self.state != State.ESCALATED:
            return "Final impact"
        return "Impact now"

    @property
    def is_resolved(self) -> bool:
        return self.state in (State.RESOLVED, State.REVIEWED)

    @property
    def public_status(self) -> str:
        """The status-page state when no update has set one."""
        if self.state in (State.RESOLVED, State.REVIEWED):
            return PublicStatus.RESOLVED
        if self.state == State.CONTAINED:
            return PublicStatus.MONITORING
        return PublicStatus.INVESTIGATING


class ContributingFactor(models.Model):
    """One of several causes; the one the author controlled is marked."""

    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="contributing_factors"
    )
    description = models.CharField(max_length=500)
    is_authors = models.BooleanField(default=False, help_text="The factor the author controlled.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation"],
                condition=Q(is_authors=True),
                name="one_authors_factor_per_escalation",
            )
        ]

    def __str__(self) -> str:
        return self.description


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", "Corrective"
    PREVENTATIVE = "preventative", "Preventative"
    DETECTIVE = "detective", "Detective"


class RemediationAction(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner_name = models.CharField(max_length=120)
    due_at = models.DateTimeField()
    kind = models.CharField(
        max_length=16, choices=ActionKind.choices, default=ActionKind.CORRECTIVE
    )
    done_at = models.DateTimeField(null=True, blank=True)
    # What the author said when marking it done ("rolled back at 11:20"), shown with it.
    done_note = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.description} ({self.owner_name})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, now: datetime) -> bool:
        """Past its due time and not done: flagged to the author like an overdue update."""
        return self.done_at is None and now > self.due_at


class AskKind(models.TextChoices):
    APPROVE_SPEND = "approve_spend", "Approve spend"
    UNBLOCK = "unblock", "Unblock a team or vendor"
    CHOOSE_OPTION = "choose_option", "Choose between options"
    OTHER = "other", "Other decision"


class AskStatus(models.TextChoices):
    OPEN = "open", "Open"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    # The executive answered "Let's discuss": a response, not a decision (metrics agree).
    DISCUSSED = "discussed", "Let's discuss"


# The answers that settle an ask: "asks decided by their deadline" counts only these.
DECIDED_STATUSES = frozenset({AskStatus.APPROVED, AskStatus.DECLINED})


class Ask(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="asks")
    decision = models.CharField(
        max_length=500, help_text="The decision only the executive can make."
    )
    kind = models.CharField(max_length=16, choices=AskKind.choices, default=AskKind.OTHER)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    decide_by = models.DateTimeField()
    # "Choose between" asks: the options, one per line; the executive picks one of them.
    options = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=AskStatus.choices, default=AskStatus.OPEN)
    # The option the current answer chose (choose-between asks), as it was worded then.
    chosen_option = models.CharField(max_length=300, blank=True)
    # The current answer (its history is ``AskDecision``): when, by whom, with what note.
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "decide_by", "pk"]
        indexes = [
            # The stale scan asks "which open asks are past their deadline?" every tick.
            models.Index(fields=["decide_by"], name="ask_open_due_idx", condition=Q(status="open"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="ask_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[AskStatus.APPROVED, AskStatus.DECLINED])
                | Q(decided_at__isnull=False),
                name="ask_decision_has_decided_at",
            ),
        ]

    def __str__(self) -> str:
        return self.decision

    @property
    def is_open(self) -> bool:
        return self.status == AskStatus.OPEN

    @property
    def option_list(self) -> list[str]:
        """The options to choose between: only for a choose-between ask that lists two or
        more (otherwise the executive approves or declines the ask as worded)."""
        if self.kind != AskKind.CHOOSE_OPTION:
            return []
        found = [line.strip().lstrip("-•*").strip() for line in self.options.splitlines()]
        found = [o for o in found if o]
        return found if len(found) >= 2 else []

    @property
    def answer_label(self) -> str:
        """ "Approved", "Declined", "Let's discuss", or "Chose “Option B”"."""
        if self.chosen_option and self.status == AskStatus.APPROVED:
            return f"Chose “{self.chosen_option}”"
        return self.get_status_display()

    @property
    def is_decided(self) -> bool:
        """Approved or declined: "Let's discuss" still leaves the decision to be made."""
        return self.status in DECIDED_STATUSES

    @property
    def decided_on_time(self) -> bool | None:
        if self.decided_at is None or not self.is_decided:
            return None
        return self.decided_at <= self.decide_by

    def waiting_since(self, now: datetime) -> datetime | None:
        """The decide-by time, once it has passed with no answer at all; else None."""
        if self.status == AskStatus.OPEN and self.decide_by < now:
            return self.decide_by
        return None


class DecisionChoice(models.TextChoices):
    """What the executive (or the author on their behalf) answered; the URL slug is
    ``DECISION_SLUGS``'s key."""

    APPROVED = "approved", "Approve"
    DECLINED = "declined", "Decline"
    DISCUSS = "discuss", "Let's discuss"


# The word in a decision link (/s/<token>/asks/<id>/approve/) for each answer, in the order
# the buttons are offered.
DECISION_SLUGS: dict[str, DecisionChoice] = {
    "approve": DecisionChoice.APPROVED,
    "decline": DecisionChoice.DECLINED,
    "discuss": DecisionChoice.DISCUSS,
}

DECISION_STATUS = {
    DecisionChoice.APPROVED: AskStatus.APPROVED,
    DecisionChoice.DECLINED: AskStatus.DECLINED,
    DecisionChoice.DISCUSS: AskStatus.DISCUSSED,
}


class DecisionVia(models.TextChoices):
    EXECUTIVE_LINK = "executive_link", "The executive's own status-page link"
    AUTHOR = "author", "Recorded by the author"


class AskDecision(models.Model):
    """One answer to an ask, kept for ever: a later change adds a row, never rewrites one."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=16, choices=DecisionChoice.choices)
    decided_by_name = models.CharField(max_length=120)
    decided_by_email = models.EmailField(blank=True)
    via = models.CharField(max_length=16, choices=DecisionVia.choices)
    # The author, when they record a decision taken in the 1:1 or by chat.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True)
    # A choose-between ask: the option chosen, as it was worded when chosen.
    option = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["ask", "-created_at"], name="askdecision_ask_idx")]

    def __str__(self) -> str:
        return f"{self.decided_by_name}: {self.get_decision_display()} — {self.ask}"

    @property
    def answer(self) -> str:
        """ "approved", "declined", "wants to discuss", or "chose “Option B”"."""
        if self.option and self.decision == DecisionChoice.APPROVED:
            return f"chose “{self.option}”"
        return self.verb

    def changes(self, previous: AskDecision | None) -> bool:
        """A reversal: a different answer (or option) than ``previous``, the one before it."""
        return previous is not None and (previous.decision, previous.option) != (
            self.decision,
            self.option,
        )

    @property
    def verb(self) -> str:
        """ "approved", "declined", "wants to discuss": for "Maya Chen approved: …"."""
        return {
            DecisionChoice.APPROVED: "approved",
            DecisionChoice.DECLINED: "declined",
            DecisionChoice.DISCUSS: "wants to discuss",
        }[DecisionChoice(self.decision)]


class AnticipatedQuestion(models.Model):
    """A follow-up question the executive is likely to ask, with the prepared answer."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(max_length=500)
    answer = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.question


class UpdateKind(models.TextChoices):
    ESCALATED = "escalated", "Escalated (pre-read)"
    PROGRESS = "progress", "Progress"
    NO_CHANGE = "no_change", "No change"
    EDIT = "edit", "Section edited"
    STATE_CHANGE = "state_change", "State changed"
    DECISION = "decision", "Decision on an ask"


class Update(models.Model):
    """One entry in the timeline the executive reads; never rewritten once posted."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="updates")
    body = models.TextField(help_text="Markdown.")
    public_status = models.CharField(
        max_length=16, choices=PublicStatus.choices, default=PublicStatus.INVESTIGATING
    )
    kind = models.CharField(max_length=16, choices=UpdateKind.choices, default=UpdateKind.PROGRESS)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # The impact as the author restated it with this update (blank: unchanged).
    impact = models.TextField(blank=True)
    # The due time this update answered (a snapshot), so "share of updates on time" needs
    # no replay of the cadence history. Null for the first update.
    was_due_at = models.DateTimeField(null=True, blank=True)
    # Its readers are owed it but not all of their outbox rows are written yet: a worker
    # writes them in batches (escalations/outbox/update.py), the last subscription id done
    # in ``fan_out_cursor``, so the author's request never grows with the list.
    fan_out_owed = models.BooleanField(default=False)
    fan_out_cursor = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["escalation", "-created_at"], name="update_esc_created_idx"),
            models.Index(
                fields=["created_at"],
                name="update_fan_out_owed_idx",
                condition=Q(fan_out_owed=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_public_status_display()} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def on_time(self) -> bool:
        return self.was_due_at is None or self.created_at <= self.was_due_at


class MeetingOutcome(models.TextChoices):
    PENDING = "pending", "Not recorded yet"
    WENT_WELL = "went_well", "Went well"
    MIXED = "mixed", "Mixed"
    WENT_BADLY = "went_badly", "Went badly"


class MeetingPurpose(models.TextChoices):
    ONE_ON_ONE = "one_on_one", "1:1"
    # After resolution: the executive reviews the root-cause analysis and the preventive
    # actions; its pre-read is the RCA summary (escalations/rca/summary.py).
    RCA_REVIEW = "rca_review", "RCA review"


class Meeting(models.Model):
    """The 1:1 with the executive where the news is delivered (or, after resolution, the
    RCA review: the same meeting, pre-read and follow-up, about the RCA)."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="meetings")
    purpose = models.CharField(
        max_length=16, choices=MeetingPurpose.choices, default=MeetingPurpose.ONE_ON_ONE
    )
    starts_at = models.DateTimeField(help_text="UTC.")
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="The zone the time was entered in.",
    )
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    video_link = models.URLField(blank=True)
    outcome = models.CharField(
        max_length=16, choices=MeetingOutcome.choices, default=MeetingOutcome.PENDING
    )
    outcome_notes = models.TextField(blank=True)
    # Unlike the private notes: what was agreed, which goes into the written follow-up.
    agreed = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="meeting_duration_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} on {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_rca_review(self) -> bool:
        return self.purpose == MeetingPurpose.RCA_REVIEW

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def local_starts_at(self) -> datetime:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))


class CoachOverride(models.Model):
    """The author escalated despite an open coach error, and said why."""

    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="coach_overrides"
    )
    rule = models.CharField(max_length=64)
    section = models.CharField(max_length=16)
    excerpt = models.CharField(max_length=300, blank=True)
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.section}/{self.rule}: {self.reason[:40]}"


class DispatchPurpose(models.TextChoices):
    PREREAD = "preread", "Pre-read before the 1:1"
    MEETING_MOVED = "meeting_moved", "1:1 moved"
    MEETING_CANCELLED = "meeting_cancelled", "1:1 cancelled"
    FOLLOWUP = "followup", "Follow-up after the 1:1"
    STALE_REMINDER = "stale_reminder", "Update overdue (to the author)"
    HEADS_UP = "heads_up", "Update due soon (to the author)"
    EXECUTIVE_NOTICE = "executive_notice", "No update (to the executive)"
    DECISION_RECORDED = "decision_recorded", "Decision recorded (to the author)"
    ASK_OVERDUE = "ask_overdue", "Decision overdue (to the author)"
    UPDATE = "update", "Update (to a subscriber)"
    DIGEST = "digest", "Daily digest of updates (to a subscriber)"
    SUBSCRIBE_CONFIRM = "subscribe_confirm", "Confirm a subscription"
    CHAT_UPDATE = "chat_update", "Update posted to a chat webhook"
    RCA_REMINDER = "rca_reminder", "RCA still to write (to the author)"
    PREVENTIVE_OVERDUE = "preventive_overdue", "Preventive action overdue (to the author)"
    # One email a day for an executive who chose the digest: their desk in short, across
    # every escalation addressed to them (escalations/outbox/desk_digest.py).
    EXECUTIVE_DIGEST = "executive_digest", "Daily digest of the desk (to the executive)"
    ACTION_OVERDUE = "action_overdue", "Action overdue (to the author)"


class Subscription(models.Model):
    """Someone who gets the escalation's updates by email.

    The executive has one row per escalation (``for_executive``; created on first need,
    confirmed): it is the delivery record their update emails and unsubscribe link hang on.
    Its address is the directory entry's (``Escalation.executive``), and its mode, digest
    time and zone mirror the ``Executive``'s choice, which applies to every escalation
    addressed to them (``escalations.directory.services.executive_choice_set``). Anyone else with a
    status-page link subscribes with an address and confirms it first (double opt-in).
    Links in emails are signed with SECRET_KEY over the row id and ``link_key``
    (``escalations.subscriptions.tokens``), so no working link is stored anywhere.
    """

    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(blank=True, help_text="Blank for the executive: their address.")
    for_executive = models.BooleanField(default=False)
    mode = models.CharField(
        max_length=8, choices=SubscriptionMode.choices, default=SubscriptionMode.EACH
    )
    digest_at = models.TimeField(null=True, blank=True, help_text="Local time of the digest.")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    link_key = models.CharField(max_length=32, editable=False)
    # The status-page link the reader subscribed through (a ``statuspages.ShareLink`` id,
    # kept as a plain number so the domain does not depend on publishing): revoking that
    # link ends the subscription. Null for the executive and older rows.
    via_link_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Every update up to this instant has been in a digest (or was posted before digests).
    digest_covered_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation"],
                condition=Q(for_executive=True),
                name="one_executive_subscription",
            ),
            models.UniqueConstraint(
                fields=["escalation", "email"],
                condition=Q(for_executive=False),
                name="one_subscription_per_address",
            ),
            models.CheckConstraint(
                condition=~Q(mode="digest") | Q(digest_at__isnull=False),
                name="subscription_digest_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["mode"], name="subscription_digest_idx", condition=Q(mode="digest")
            )
        ]

    def __str__(self) -> str:
        who = "the executive" if self.for_executive else self.email
        return f"{who} → {self.escalation} ({self.mode})"

    @property
    def is_active(self) -> bool:
        """Gets emails: confirmed, not unsubscribed, and not switched off."""
        return (
            self.confirmed_at is not None
            and self.unsubscribed_at is None
            and self.mode != SubscriptionMode.OFF
        )

    def address(self) -> str:
        return self.escalation.executive_address if self.for_executive else self.email


class ChatFormat(models.TextChoices):
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"


class ChatWebhook(models.Model):
    """An incoming-webhook URL where every update is posted as a short card.

    The URL is a secret (whoever holds it can post to the channel): it is shown back only
    as ``masked`` and never written to logs or dispatch errors.
    """

    escalation = models.OneToOneField(
        Escalation, on_delete=models.CASCADE, related_name="chat_webhook"
    )
    url = models.URLField(max_length=1000)
    format = models.CharField(max_length=8, choices=ChatFormat.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.masked}"

    @property
    def masked(self) -> str:
        """Enough to recognise it ("hooks.slack.com …a1B2"), never enough to use it."""
        host = urlsplit(self.url).hostname or "?"
        return f"{host} …{self.url[-4:]}"


class DispatchState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class OutboxMessage(models.Model):
    """One message Upward owes someone (an email, or a post to a chat channel), and what
    became of it.

    Rows are created by services with a ``send_at``; a beat tick claims due rows and a
    thin task renders and sends them (escalations/outbox/). ``dedupe_key`` makes every notice unique per
    (escalation, window, purpose) or (meeting, purpose), so a tick that runs twice sends
    nothing twice.
    """

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="dispatches")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="dispatches"
    )
    purpose = models.CharField(max_length=24, choices=DispatchPurpose.choices)
    # Unique through ``outbox_dedupe_key_uniq`` below: a ``unique=True`` field would also get
    # a second, ``varchar_pattern_ops`` index on PostgreSQL for LIKE queries no code makes.
    dedupe_key = models.CharField(max_length=200)
    window_due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="For cadence notices: the update due time this notice is about.",
    )
    # For decision notices: the ask waiting past its deadline, or the answer recorded.
    ask = models.ForeignKey(
        Ask, on_delete=models.CASCADE, null=True, blank=True, related_name="dispatches"
    )
    ask_decision = models.ForeignKey(
        AskDecision, on_delete=models.CASCADE, null=True, blank=True, related_name="dispatches"
    )
    previous_starts_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="For 1:1 moved/cancelled notes: the time the executive last heard of.",
    )
    to_email = models.EmailField(blank=True, help_text="Blank for chat posts.")
    # Updates and digests to subscribers, and chat posts.
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, null=True, blank=True, related_name="dispatches"
    )
    update = models.ForeignKey(
        Update, on_delete=models.CASCADE, null=True, blank=True, related_name="dispatches"
    )
    # The executive's daily digest: whose desk it is (``escalation`` is then the most urgent
    # of theirs, which the row needs; the email covers them all).
    executive = models.ForeignKey(
        Executive, on_delete=models.CASCADE, null=True, blank=True, related_name="dispatches"
    )
    covers_from = models.DateTimeField(null=True, blank=True, help_text="Digest: updates after…")
    covers_until = models.DateTimeField(null=True, blank=True, help_text="…up to this instant.")
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Chat posts: tries so far (retried on 5xx and timeouts)."
    )
    send_at = models.DateTimeField()
    state = models.CharField(
        max_length=16, choices=DispatchState.choices, default=DispatchState.PENDING
    )
    handed_over_at = models.DateTimeField(
        null=True, blank=True, help_text="When a pending row was last given to the broker."
    )
    sending_since = models.DateTimeField(
        null=True, blank=True, help_text="When a worker claimed the row to send it."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(
        blank=True, help_text="Extra text for notes such as the follow-up."
    )
    error = models.TextField(blank=True)
    # Failed after being handed to the mail server (stuck in sending, see
    # escalations/outbox/engine.py dispatches_fail_stuck): it may have been delivered, so
    # sending it again needs the author's explicit confirmation.
    outcome_unknown = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "outbox message"
        ordering = ["-send_at"]
        indexes = [
            # The dispatch tick: pending rows whose send_at has passed.
            models.Index(
                fields=["send_at"],
                name="outbox_pending_due_idx",
                condition=Q(state="pending"),
            ),
            models.Index(
                fields=["sending_since"],
                name="outbox_sending_idx",
                condition=Q(state="sending"),
            ),
            # The stale tick's RCA scan: who already has today's reminder, read from the
            # reminders alone rather than from every row the outbox ever held.
            models.Index(
                fields=["escalation", "window_due_at"],
                name="outbox_rca_reminder_idx",
                condition=Q(purpose="rca_reminder"),
            ),
        ]
        constraints = [
            # Every notice owed once: inserts skip an existing key (ON CONFLICT DO NOTHING).
            models.UniqueConstraint(fields=["dedupe_key"], name="outbox_dedupe_key_uniq"),
            models.UniqueConstraint(
                fields=["meeting", "purpose"],
                condition=Q(purpose="preread"),
                name="one_preread_per_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="outbox_sent_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.to_email} ({self.state})"


# --- after resolution: the root-cause analysis ------------------------------------------------


class RcaConfidence(models.TextChoices):
    """How sure the author is of the confirmed cause (docs/rca.md)."""

    PROVEN = "proven", "Proven — reproduced or shown by the evidence"
    HIGH = "high", "High — the evidence points one way"
    PARTIAL = "partial", "Partial — the main cause is known, not every factor"


class CauseCategory(models.TextChoices):
    """What kind of cause it was: reviewers count these across escalations to see which
    causes recur (escalations/review/metrics.py)."""

    CHANGE = "change", "A change we shipped (code, deploy, migration)"
    CONFIGURATION = "configuration", "Configuration or credentials"
    CAPACITY = "capacity", "Capacity or load"
    DEPENDENCY = "dependency", "A vendor or third-party dependency"
    MONITORING = "monitoring", "Missing monitoring or alerting"
    PROCESS = "process", "Process, review or hand-off"
    PLANNING = "planning", "Estimate, scope or planning"
    SECURITY = "security", "Security control"
    OTHER = "other", "Other"


class Rca(models.Model):
    """The root-cause analysis written after containment or resolution.

    One per escalation, created when the author first opens it (until then the escalation
    page asks for it, and reminders go out, from ``contained_at``/``resolved_at``). The
    preliminary cause stays on ``Escalation.cause_statement`` as what was said at the time;
    this row holds the confirmed one.
    """

    escalation = models.OneToOneField(Escalation, on_delete=models.CASCADE, related_name="rca")
    cause_statement = models.TextField(blank=True)
    cause_confidence = models.CharField(max_length=16, choices=RcaConfidence.choices, blank=True)
    cause_category = models.CharField(max_length=16, choices=CauseCategory.choices, blank=True)
    impact_final = models.TextField(blank=True)
    went_well = models.TextField(blank=True)
    went_badly = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "RCA"
        verbose_name_plural = "RCAs"
        constraints = [
            models.CheckConstraint(
                condition=Q(dismissed_at__isnull=True) | ~Q(dismissed_reason=""),
                name="rca_dismissed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(dismissed_at__isnull=True),
                name="rca_not_both_done_and_dismissed",
            ),
        ]

    def __str__(self) -> str:
        return f"RCA: {self.escalation}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def is_dismissed(self) -> bool:
        return self.dismissed_at is not None

    @property
    def is_settled(self) -> bool:
        """Nothing more is asked of the author about writing it."""
        return self.is_complete or self.is_dismissed

    def progress(self) -> RcaProgress:
        """The preventive actions' count (from the prefetch, else one query) and when the
        escalation closed: resolved, the RCA complete, and every preventive action done or
        accepted as not doing; ``closed_at`` is None while anything is still open."""
        actions = list(self.preventive_actions.all())
        done = sum(1 for a in actions if a.is_done)
        not_doing = sum(1 for a in actions if a.is_not_doing)
        closed_at = None
        e = self.escalation
        if (
            self.completed_at is not None
            and e.state in (State.RESOLVED, State.REVIEWED)
            and e.resolved_at is not None
            and done + not_doing == len(actions)
        ):
            stamps = [self.completed_at, e.resolved_at]
            stamps += [t for a in actions for t in (a.done_at, a.not_doing_at) if t is not None]
            closed_at = max(stamps)
        return RcaProgress(done, not_doing, len(actions), closed_at)


@dataclass(frozen=True)
class RcaProgress:
    """ "Preventive actions: 3 of 5 done", and whether that closed the escalation."""

    done: int
    not_doing: int
    total: int
    closed_at: datetime | None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class RcaTimelineEntry(models.Model):
    """A key moment (detected, escalated, contained, a decision…), drawn from the updates
    and edited by the author."""

    rca = models.ForeignKey(Rca, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField()
    text = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["at", "position", "pk"]
        verbose_name_plural = "RCA timeline entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"


class PreventiveAction(models.Model):
    """What will stop it happening again: an owner and a due date, followed until done or
    explicitly accepted as not doing (with a reason)."""

    rca = models.ForeignKey(Rca, on_delete=models.CASCADE, related_name="preventive_actions")
    description = models.CharField(max_length=500)
    owner_name = models.CharField(max_length=120)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True)
    not_doing_at = models.DateTimeField(null=True, blank=True)
    not_doing_reason = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "due_at", "pk"]
        indexes = [
            # The reminder scan: open actions past their due time.
            models.Index(
                fields=["due_at"],
                name="preventive_open_due_idx",
                condition=Q(done_at__isnull=True, not_doing_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(not_doing_at__isnull=True),
                name="preventive_done_or_not_doing",
            ),
            models.CheckConstraint(
                condition=Q(not_doing_at__isnull=True) | ~Q(not_doing_reason=""),
                name="preventive_not_doing_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.owner_name})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_not_doing(self) -> bool:
        return self.not_doing_at is not None

    @property
    def is_settled(self) -> bool:
        return self.is_done or self.is_not_doing

    def is_overdue(self, now: datetime) -> bool:
        return not self.is_settled and self.due_at < now
