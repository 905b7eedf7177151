"""factory_boy factories for every model: realistic defaults, override what a test cares about."""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from escalations import models as m
from statuspages.models import ShareLink, hash_token, new_token

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"author{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = "Alex"
    last_name = "Moreno"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ProfileFactory(factory.django.DjangoModelFactory[m.Profile]):
    class Meta:
        model = m.Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    time_zone = "Europe/Berlin"


class ExecutiveFactory(factory.django.DjangoModelFactory[m.Executive]):
    """The directory entry escalations are addressed to; one per address, like the table."""

    class Meta:
        model = m.Executive

    name = factory.Sequence(lambda n: f"Executive {n}")
    title = "CTO"
    email = factory.Sequence(lambda n: f"executive{n}@example.com")
    time_zone = "America/New_York"
    desk_key = factory.LazyFunction(lambda: secrets.token_hex(16))


class TeamFactory(factory.django.DjangoModelFactory[m.Team]):
    class Meta:
        model = m.Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


# Every escalation a factory makes is in this team unless told otherwise, so a test's
# reviewer reads them all once made its reviewer (``review_everything``).
DEFAULT_TEAM = {"slug": "engineering", "name": "Engineering"}


def default_executive() -> m.Executive:
    executive, _ = m.Executive.objects.get_or_create(
        email="cto@example.com",
        defaults={
            "name": "Jordan Blake",
            "title": "CTO",
            "time_zone": "America/New_York",
            "desk_key": secrets.token_hex(16),
        },
    )
    return executive


def executive_for(name: str | None, email: str | None, time_zone: str | None) -> m.Executive | None:
    if email == "":
        return None
    if name is None and email is None and time_zone is None:
        return default_executive()
    executive = m.Executive.objects.filter(email__iexact=email or "cto@example.com").first()
    if executive is None:
        return ExecutiveFactory(
            email=email or "cto@example.com",
            name=name or "Jordan Blake",
            time_zone=time_zone or "America/New_York",
        )
    changed = {"name": name, "time_zone": time_zone}
    for field, value in changed.items():
        if value is not None:
            setattr(executive, field, value)
    executive.save()
    return executive


class EscalationFactory(factory.django.DjangoModelFactory[m.Escalation]):
    """A draft with every section filled in well; set ``state`` etc. to move it along."""

    class Meta:
        model = m.Escalation

    title = factory.Sequence(lambda n: f"Login outage for SSO customers #{n}")
    kind = m.Kind.MAJOR_INCIDENT
    severity = m.Severity.SEV1
    state = m.State.DRAFT
    owner = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory, **DEFAULT_TEAM)

    class Params:
        # Shorthands for the directory entry the escalation is addressed to: the entry of
        # that address (created, or corrected to the name and zone given). Without any,
        # every escalation goes to the same default entry; ``executive_email=""`` to none.
        executive_name = None
        executive_email = None
        executive_time_zone = None

    executive = factory.LazyAttribute(
        lambda o: executive_for(o.executive_name, o.executive_email, o.executive_time_zone)
    )
    detected_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    triage_business_impact = True
    triage_severe = True
    triage_normal_channels_tried = True
    triage_reputational_risk = False
    triage_verdict = m.TriageVerdict.EXECUTIVE
    triage_reason = "Customers cannot log in; revenue and reputation at stake."
    impact_headline = "2,400 SSO customers cannot log in since 08:00 UTC; 31 enterprise renewals are due this week."
    impact_customers_affected = 2400
    impact_share_failing_pct = Decimal("12.5")
    cause_statement = (
        "Our IdP certificate expired at 08:00; logins through SAML fail the signature check."
    )
    cause_confidence = m.CauseConfidence.CONFIRMED
    ownership_statement = "I owned the certificate renewal and I missed the expiry alert last week."
    remediation_mitigation = (
        "Password login is re-enabled for SSO tenants as a fallback since 08:40."
    )
    asks_decision_threshold = (
        "I will spend up to $5,000 on an emergency certificate without approval."
    )


class EscalatedFactory(EscalationFactory):
    state = m.State.ESCALATED
    escalated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    last_updated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=30))
    next_update_due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=30))


class ContributingFactorFactory(factory.django.DjangoModelFactory[m.ContributingFactor]):
    class Meta:
        model = m.ContributingFactor

    escalation = factory.SubFactory(EscalationFactory)
    description = "Expiry alerts went to a retired mailing list."
    is_authors = False
    position = factory.Sequence(int)


class RemediationActionFactory(factory.django.DjangoModelFactory[m.RemediationAction]):
    class Meta:
        model = m.RemediationAction

    escalation = factory.SubFactory(EscalationFactory)
    description = "Install the renewed IdP certificate"
    owner_name = "Sam Lee"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))
    kind = m.ActionKind.CORRECTIVE
    position = factory.Sequence(int)


class AskFactory(factory.django.DjangoModelFactory[m.Ask]):
    class Meta:
        model = m.Ask

    escalation = factory.SubFactory(EscalationFactory)
    decision = "Approve $12,000 for a second IdP region"
    kind = m.AskKind.APPROVE_SPEND
    amount = Decimal("12000")
    decide_by = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    position = factory.Sequence(int)


class AnticipatedQuestionFactory(factory.django.DjangoModelFactory[m.AnticipatedQuestion]):
    class Meta:
        model = m.AnticipatedQuestion

    escalation = factory.SubFactory(EscalationFactory)
    question = "Which customers are affected?"
    answer = "All 31 enterprise tenants on SAML; the top 5 by ARR have been called."
    position = factory.Sequence(int)


class UpdateFactory(factory.django.DjangoModelFactory[m.Update]):
    class Meta:
        model = m.Update

    escalation = factory.SubFactory(EscalatedFactory)
    body = "No change since 14:00; next update at 15:00 UTC."
    public_status = m.PublicStatus.INVESTIGATING
    kind = m.UpdateKind.PROGRESS
    author = factory.LazyAttribute(lambda u: u.escalation.owner)
    created_at = factory.LazyFunction(timezone.now)


class MeetingFactory(factory.django.DjangoModelFactory[m.Meeting]):
    class Meta:
        model = m.Meeting

    escalation = factory.SubFactory(EscalatedFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    time_zone = "Europe/Berlin"
    video_link = "https://meet.example.com/abc-defg-hij"


class CadencePolicyFactory(factory.django.DjangoModelFactory[m.CadencePolicy]):
    class Meta:
        model = m.CadencePolicy
        django_get_or_create = ("kind",)

    kind = m.Kind.MAJOR_INCIDENT
    interval_until_contained = timedelta(hours=1)
    interval_after_contained = timedelta(days=1)


class CoachOverrideFactory(factory.django.DjangoModelFactory[m.CoachOverride]):
    class Meta:
        model = m.CoachOverride

    escalation = factory.SubFactory(EscalationFactory)
    rule = "hedging"
    section = "impact"
    excerpt = "might"
    reason = "The number is genuinely uncertain until the processor replies."
    created_by = factory.LazyAttribute(lambda o: o.escalation.owner)


class OutboxMessageFactory(factory.django.DjangoModelFactory[m.OutboxMessage]):
    class Meta:
        model = m.OutboxMessage

    escalation = factory.SubFactory(EscalatedFactory)
    meeting = None
    purpose = m.DispatchPurpose.STALE_REMINDER
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    to_email = "author@example.com"
    send_at = factory.LazyFunction(timezone.now)


class ShareLinkFactory(factory.django.DjangoModelFactory[ShareLink]):
    """Pass ``token=...`` to know the raw token; only its hash is stored."""

    class Meta:
        model = ShareLink
        exclude = ("token",)

    escalation = factory.SubFactory(EscalatedFactory)
    label = "CTO"
    token = factory.LazyFunction(new_token)
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    created_by = factory.LazyAttribute(lambda o: o.escalation.owner)


class ResolvedFactory(EscalatedFactory):
    """Escalated two days ago, contained and resolved yesterday: the RCA is owed."""

    state = m.State.RESOLVED
    detected_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2, hours=1))
    escalated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    contained_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1, hours=2))
    resolved_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    next_update_due_at = factory.LazyFunction(lambda: None)


class RcaFactory(factory.django.DjangoModelFactory[m.Rca]):
    class Meta:
        model = m.Rca

    escalation = factory.SubFactory(ResolvedFactory)
    cause_statement = (
        "I approved the IdP certificate rotation without an expiry alert; the certificate "
        "expired at 08:00 and every SSO login failed until I installed the renewed one."
    )
    cause_confidence = m.RcaConfidence.PROVEN
    cause_category = m.CauseCategory.CONFIGURATION
    impact_final = "2,400 SSO customers could not log in for 3 hours; no renewal was lost."
    went_well = "I rolled back within 12 minutes of the first alert."
    went_badly = "I waited 40 minutes before escalating."


class PreventiveActionFactory(factory.django.DjangoModelFactory[m.PreventiveAction]):
    class Meta:
        model = m.PreventiveAction

    rca = factory.SubFactory(RcaFactory)
    description = "Alert 14 days before any certificate expires"
    owner_name = "Sam Lee"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    position = factory.Sequence(int)


def member_of(team: m.Team, *users: User, role: str = m.TeamRole.MEMBER) -> m.Team:
    for user in users:
        m.TeamMembership.objects.update_or_create(team=team, user=user, defaults={"role": role})
    return team


def reviews(reviewer: User, *escalations: m.Escalation) -> m.Team:
    """Make ``reviewer`` the reviewer of a team the escalations belong to (docs/access.md):
    of their team when they have one, else of a new team they are put in."""
    team: m.Team = next((e.team for e in escalations if e.team), None) or TeamFactory.create()
    member_of(team, reviewer, role=m.TeamRole.REVIEWER)
    for e in escalations:
        m.Escalation.objects.filter(pk=e.pk).update(team=team)
        e.team = team
    return team


def review_everything(reviewer: User) -> User:
    """Make ``reviewer`` the reviewer of the team every factory escalation is in."""
    team, _ = m.Team.objects.get_or_create(slug=DEFAULT_TEAM["slug"], defaults=DEFAULT_TEAM)
    member_of(team, reviewer, role=m.TeamRole.REVIEWER)
    return reviewer
