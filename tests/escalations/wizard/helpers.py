"""Shared helpers for the wizard tests: valid POST data per step, formset management keys."""

from __future__ import annotations

from django.urls import reverse

from tests import factories as f


def step_url(e, slug: str) -> str:
    return reverse("escalations:wizard_step", args=[e.pk, slug])


def rows(prefix: str, items: list[dict], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


TRIAGE = {
    "title": "Checkout payments failing for EU cards",
    "kind": "major_incident",
    "severity": "sev1",
    "executive_pick": "",
    "new_executive_name": "Priya Raman",
    "new_executive_title": "CTO",
    "new_executive_email": "priya@example.com",
    "new_executive_time_zone": "America/New_York",
    "author_time_zone": "Europe/Berlin",
    "triage_business_impact": "yes",
    "triage_severe": "yes",
    "triage_normal_channels_tried": "no",
    "triage_reputational_risk": "yes",
}
IMPACT = {
    "impact_headline": "18% of EU checkout payments fail since 08:05 UTC, about €38,000 per hour.",
    "impact_customers_affected": "2400",
    "impact_currency": "EUR",
    "impact_revenue_per_hour": "38000",
}
CAUSE = {
    "cause_statement": "The processor rotated its certificate; our checkout pins the old one.",
    "cause_confidence": "confirmed",
    **rows("factors", []),
}
OWNERSHIP = {"ownership_statement": "I approved certificate pinning without a rotation alert."}
REMEDIATION = {
    "remediation_mitigation": "EU payments routed to the backup processor since 09:10.",
    **rows(
        "actions",
        [
            {
                "description": "Ship a checkout build trusting the new chain",
                "owner_name": "Sam Lee",
                "due_at": "2030-03-05T16:00",
                "kind": "corrective",
            }
        ],
    ),
}
ASKS = {
    "asks_decision_threshold": "I will spend up to €20,000 on fees without approval.",
    **rows(
        "asks",
        [
            {
                "decision": "Approve €63,000 for 7 days on the backup processor",
                "kind": "approve_spend",
                "amount": "63000",
                "decide_by": "2030-03-06T12:00",
            }
        ],
    ),
}
PREPARE = rows(
    "questions",
    [
        {"question": "Do we owe the regulator anything?", "answer": "No data was exposed."},
        {"question": "Could it happen elsewhere?", "answer": "Two integrations pin; fixed by Wed."},
    ],
)
VALID = {
    "triage": TRIAGE,
    "impact": IMPACT,
    "cause": CAUSE,
    "ownership": OWNERSHIP,
    "remediation": REMEDIATION,
    "asks": ASKS,
    "prepare": PREPARE,
}
ORDER = list(VALID)


def complete_draft(**kwargs):
    """A draft with every step complete (as the factories make it) plus the rows it needs."""
    e = f.EscalationFactory(**kwargs)
    f.RemediationActionFactory(escalation=e)
    f.AskFactory(escalation=e)
    f.AnticipatedQuestionFactory(escalation=e, question="Which customers?")
    f.AnticipatedQuestionFactory(escalation=e, question="Will it happen again?")
    return e


def fill_until(client, e, last: str) -> None:
    """Post every step up to and including ``last`` with valid data."""
    for slug in ORDER:
        response = client.post(step_url(e, slug), VALID[slug])
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        if slug == last:
            return
