"""Data for the author's "Post an update" panel (escalations/_detail_updates.html)."""

from __future__ import annotations

from datetime import datetime

from django import template

from escalations import cadence
from escalations.models import Escalation
from escalations.selectors import escalation_public_state
from escalations.update_views import UpdateForm

register = template.Library()


@register.simple_tag
def update_form_for(escalation: Escalation) -> UpdateForm:
    """A fresh form whose status starts at what readers see now."""
    return UpdateForm(initial={"state": escalation_public_state(escalation)}, escalation=escalation)


@register.simple_tag
def due_if_posted(escalation: Escalation, now: datetime) -> datetime | None:
    """When the next update would be owed if the author posted right now."""
    return cadence.next_update_due(escalation, after=now)
