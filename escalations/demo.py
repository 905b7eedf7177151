"""The demo account and one complete, realistic escalation (used by `seed_demo`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from escalations import cadence
from escalations.meetings.services import meeting_schedule
from escalations.models import (
    ActionKind,
    AnticipatedQuestion,
    Ask,
    AskKind,
    CauseConfidence,
    ContributingFactor,
    Escalation,
    Executive,
    Kind,
    Profile,
    PublicStatus,
    RemediationAction,
    Severity,
    State,
    Team,
    TeamRole,
    TriageVerdict,
    Update,
    UpdateKind,
)
from escalations.teams.services import team_membership_set

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "upward-demo-2026"  # noqa: S105 - a published demo login, local only
DEMO_TITLE = "Checkout payments failing for EU card customers"
# A read-only reviewer, so the admin review can be tried straight after `make run`.
DEMO_REVIEWER_USERNAME = "reviewer"
# The demo author's team, which the demo reviewer reviews (docs/access.md).
DEMO_TEAM_SLUG = "payments"
DEMO_TEAM_NAME = "Payments"
DEMO_REVIEWER_PASSWORD = "upward-review-2026"  # noqa: S105 - a published demo login, local only


@dataclass
class DemoResult:
    username: str
    # None when the demo user already existed with another password (it is never changed).
    password: str | None
    escalation: Escalation
    created: bool


def seed_demo(now: datetime | None = None) -> DemoResult:
    """Idempotent: the demo user and escalation exist exactly once after any number of runs.

    Users are only ever created: an existing ``demo`` or ``reviewer`` keeps its password,
    flags and groups (someone may have changed them on purpose — or they may be real people
    on a server where the published passwords must not work).
    """
    now = now or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"email": "demo@example.com", "first_name": "Dana", "last_name": "Okafor"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            Profile.objects.update_or_create(user=user, defaults={"time_zone": "Europe/London"})
        password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else None
        reviewer = _seed_reviewer()
        team = _seed_team(user, reviewer)
        existing = Escalation.objects.filter(owner=user, title=DEMO_TITLE).first()
        if existing is not None:
            return DemoResult(DEMO_USERNAME, password, existing, created=False)
        escalation = _create_escalation(user, now)
        Escalation.objects.filter(pk=escalation.pk).update(team=team)
        escalation.team = team
    return DemoResult(DEMO_USERNAME, password, escalation, created=True)


def _seed_team(user, reviewer) -> Team:  # type: ignore[no-untyped-def]
    """The demo's team: the demo author a member, the demo reviewer its reviewer (made
    once; memberships someone changed on purpose are kept)."""
    team, created = Team.objects.get_or_create(
        slug=DEMO_TEAM_SLUG, defaults={"name": DEMO_TEAM_NAME}
    )
    if created:
        team_membership_set(team=team, user=user, role=TeamRole.MEMBER)
        if reviewer is not None:
            team_membership_set(team=team, user=reviewer, role=TeamRole.REVIEWER)
    return team


def _seed_reviewer():  # type: ignore[no-untyped-def]
    """A staff account in the read-only Reviewers group (no superuser powers), returned
    only when made just now."""
    User = get_user_model()
    reviewer, created = User.objects.get_or_create(
        username=DEMO_REVIEWER_USERNAME,
        defaults={"email": "reviewer@example.com", "first_name": "Robin", "last_name": "Hale"},
    )
    if not created:
        return None
    reviewer.is_staff = True
    reviewer.is_superuser = False
    reviewer.set_password(DEMO_REVIEWER_PASSWORD)
    reviewer.save()
    group = Group.objects.filter(name="Reviewers").first()
    if group is not None:
        reviewer.groups.add(group)
    return reviewer


DEMO_EXECUTIVE_EMAIL = "priya.raman@example.com"


def _demo_executive() -> Executive:
    """The demo's executive, in the directory once however often the demo is seeded."""
    executive, _ = Executive.objects.get_or_create(
        email=DEMO_EXECUTIVE_EMAIL,
        defaults={
            "name": "Priya Raman",
            "title": "CTO",
            "time_zone": "America/New_York",
            "desk_key": secrets.token_hex(16),
        },
    )
    return executive


def _create_escalation(user, now: datetime) -> Escalation:  # type: ignore[no-untyped-def]
    # The story's clock times follow the timestamps, whenever the demo is seeded.
    detected = now - timedelta(hours=2, minutes=50)
    escalated = now - timedelta(hours=2, minutes=20)
    mitigated = now - timedelta(minutes=45)

    def hhmm(dt: datetime, minutes: int = 0) -> str:
        return f"{dt + timedelta(minutes=minutes):%H:%M}"

    e = Escalation.objects.create(
        title=DEMO_TITLE,
        kind=Kind.THIRD_PARTY_OUTAGE,
        severity=Severity.SEV1,
        state=State.ESCALATED,
        owner=user,
        executive=_demo_executive(),
        detected_at=detected,
        escalated_at=escalated,
        triage_business_impact=True,
        triage_severe=True,
        triage_normal_channels_tried=True,
        triage_reputational_risk=True,
        triage_verdict=TriageVerdict.EXECUTIVE,
        triage_reason="Direct revenue loss and a full outage for a customer segment.",
        impact_headline=(
            f"Since {hhmm(detected)} UTC, 18% of EU checkout payments fail (about 2,400 orders and "
            f"€38,000 an hour); our {now:%B} payments SLA is breached."
        ),
        impact_customers_affected=2400,
        impact_revenue_per_hour=Decimal("38000"),
        impact_currency="EUR",
        impact_share_failing_pct=Decimal("18.00"),
        impact_detail="EU-issued cards only; PayPal and US cards are unaffected.",
        cause_statement=(
            f"Our payment processor rotated its 3-D Secure certificate at {hhmm(detected, -5)} UTC; "
            "checkout still pins the old one, so EU cards needing 3-D Secure are declined."
        ),
        cause_confidence=CauseConfidence.CONFIRMED,
        ownership_statement=(
            "I approved certificate pinning in checkout last quarter without an alert on the "
            "processor's rotation notices, and I did not escalate to you when the first failures "
            f"appeared at {hhmm(detected)} — I should have called you at {hhmm(detected, 25)}."
        ),
        remediation_mitigation=(
            f"At {hhmm(mitigated)} I routed EU 3-D Secure payments to our backup processor; failures dropped "
            "from 18% to 6% within 15 minutes."
        ),
        remediation_expected_resolution_at=now + timedelta(hours=3),
        remediation_depends_on="The processor confirming the new certificate chain.",
        remediation_alternatives=(
            "Disabling 3-D Secure: rejected — illegal under PSD2 for most EU cards. Full failover to "
            "the backup processor: its fees are 0.4 pp higher (about €9,000 a day)."
        ),
        remediation_prevention=(
            "Replace pinning with chain validation and alert on the processor's notices feed."
        ),
        asks_decision_threshold=("Up to 48 hours and €20,000 in fees on the backup processor."),
    )
    ContributingFactor.objects.create(
        escalation=e,
        description="Certificate pinning in checkout with no alert on rotation notices (my decision).",
        is_authors=True,
        position=0,
    )
    ContributingFactor.objects.create(
        escalation=e,
        description="The processor's rotation notice went to a shared inbox nobody triages.",
        position=1,
    )
    RemediationAction.objects.create(
        escalation=e,
        description="Ship checkout build that trusts the new certificate chain",
        owner_name="Sam Lee",
        due_at=now + timedelta(hours=2),
        kind=ActionKind.CORRECTIVE,
        position=0,
    )
    RemediationAction.objects.create(
        escalation=e,
        description="Alert on-call when the processor announces a certificate rotation",
        owner_name="Dana Okafor",
        due_at=now + timedelta(days=3),
        kind=ActionKind.PREVENTATIVE,
        position=1,
    )
    Ask.objects.create(
        escalation=e,
        decision=(
            "Approve up to 7 days on the backup processor (about €63,000 in fees) if the fix "
            f"slips past {now + timedelta(days=2):%A}"
        ),
        kind=AskKind.APPROVE_SPEND,
        amount=Decimal("63000"),
        decide_by=now + timedelta(days=1),
        position=0,
    )
    AnticipatedQuestion.objects.create(
        escalation=e,
        question="Do we owe customers or the regulator anything?",
        answer=(
            "No data was exposed, so no regulator notice. Support is emailing the 2,400 affected "
            f"customers a retry link by {hhmm(now, 180)}; Finance estimates €4,000 in goodwill credits."
        ),
        position=0,
    )
    AnticipatedQuestion.objects.create(
        escalation=e,
        question="Could this happen with our other vendors?",
        answer=(
            "Two other integrations pin certificates (SMS and tax). I will have both moved to chain "
            f"validation by {now + timedelta(days=7):%A %-d %B}; until then on-call checks their "
            "notices daily."
        ),
        position=1,
    )
    updates = [
        (
            escalated,
            UpdateKind.ESCALATED,
            PublicStatus.INVESTIGATING,
            f"**What happened** — 18% of EU checkout payments fail since {hhmm(detected)} UTC.\n\n"
            "**What I need** — approval for backup-processor fees by tomorrow.",
        ),
        (
            now - timedelta(hours=1, minutes=25),
            UpdateKind.PROGRESS,
            PublicStatus.IDENTIFIED,
            "Cause confirmed: the processor rotated its 3-D Secure certificate; we pin the old one. "
            "Next update at the top of the hour.",
        ),
        (
            now - timedelta(minutes=35),
            UpdateKind.PROGRESS,
            PublicStatus.MITIGATING,
            f"EU 3-D Secure traffic moved to the backup processor at {hhmm(mitigated)}; failures down from 18% to 6%. "
            f"Sam ships the fix by {hhmm(now, 120)}. Next update by {hhmm(now, 25)} UTC.",
        ),
    ]
    previous_due = None
    for created_at, kind, state, body in updates:
        Update.objects.create(
            escalation=e,
            body=body,
            public_status=state,
            kind=kind,
            author=user,
            created_at=created_at,
            was_due_at=previous_due,
        )
        previous_due = cadence.next_update_due(e, after=created_at)
    e.last_updated_at = updates[-1][0]
    e.next_update_due_at = previous_due
    e.save(update_fields=["last_updated_at", "next_update_due_at"])
    tomorrow = (now + timedelta(days=1)).astimezone(timezone.get_default_timezone())
    # Booked like any other 1:1, so its pre-read is queued and `make run`'s executive gets it.
    meeting_schedule(
        escalation=e,
        starts_at=tomorrow.replace(hour=15, minute=0, second=0, microsecond=0),
        time_zone="Europe/London",
        video_link="https://meet.example.com/priya-dana",
        now=now,
    )
    return e
