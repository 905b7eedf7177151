"""CSV and JSON export of escalations: one row per escalation, every field, sections flattened.

The five sections already live as prefixed columns on ``Escalation``, so "flattened" means
every concrete field becomes a column under its own name (``impact_headline``,
``cause_confidence``…), users appear by username, the team by its slug, and a few review figures (time to
escalate, updates on time, asks) are appended after the fields. Values are text a
spreadsheet and a script can both read: ISO 8601 instants with their UTC offset, ISO 8601
durations, decimals as written, booleans as ``true``/``false``, empty for null.

``parse_value`` is the exact inverse for every field, which is what lets a test prove the
export loses nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.dateparse import parse_datetime, parse_duration, parse_time
from django.utils.duration import duration_iso_string

from escalations.models import Ask, AskStatus, Escalation, RemediationAction, State
from escalations.review.metrics import count_children, with_review_figures

# Spreadsheet apps execute cells starting with these; an author-written title must never
# become a formula on a reviewer's laptop (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"

USER_FIELDS = {"owner", "reviewed_by"}
# The executive appears by address (one directory entry per address), their name and title
# in the ``executive_name`` column after it.
EXECUTIVE_FIELD = "executive"
# The team appears by its slug, as IdP groups name it.
SLUG_FIELDS = {"team"}

FIGURE_COLUMNS = [
    "owner_name",
    "executive_name",
    "detection_to_escalation",
    "updates_total",
    "updates_on_time",
    "asks_total",
    "asks_open",
    "actions_total",
    "coach_overrides",
]


def export_fields() -> list[models.Field]:
    """Every concrete field of an escalation, in model order."""
    return list(Escalation._meta.concrete_fields)


def field_columns() -> list[str]:
    return [f.name for f in export_fields()]


def columns() -> list[str]:
    return field_columns() + FIGURE_COLUMNS


def export_queryset(qs: models.QuerySet[Escalation]) -> models.QuerySet[Escalation]:
    """The rows to export with users joined and figures annotated: a fixed number of queries.

    Drafts never escalated are left out: they are unfinished wizard text, not history.
    """
    return (
        with_review_figures(qs.exclude(state=State.DRAFT))
        .select_related("owner", "reviewed_by", "executive", "team")
        .annotate(
            asks_total=count_children(Ask.objects.filter(escalation=models.OuterRef("pk"))),
            asks_open=count_children(
                Ask.objects.filter(escalation=models.OuterRef("pk"), status=AskStatus.OPEN)
            ),
            actions_total=count_children(
                RemediationAction.objects.filter(escalation=models.OuterRef("pk"))
            ),
        )
        .order_by("pk")
    )


def encode_value(f: models.Field, value: Any) -> Any:
    """A JSON-native value: str for instants, durations, times and decimals."""
    if value is None:
        return None
    if f.name in USER_FIELDS:
        return value.get_username()
    if f.name == EXECUTIVE_FIELD:
        return value.email
    if f.name in SLUG_FIELDS:
        return value.slug
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def parse_value(f: models.Field, raw: Any) -> Any:
    """The inverse of ``encode_value`` for one field (users come back as usernames)."""
    if raw is None:
        return None
    if f.name in USER_FIELDS | SLUG_FIELDS or f.name == EXECUTIVE_FIELD:
        return raw
    if isinstance(f, models.DateTimeField):
        return parse_datetime(raw)
    if isinstance(f, models.DurationField):
        return parse_duration(raw)
    if isinstance(f, models.TimeField):
        return parse_time(raw)
    if isinstance(f, models.DecimalField):
        return Decimal(raw)
    return raw


def row(e: Escalation) -> dict[str, Any]:
    """One escalation as a flat dict of JSON-native values, keyed by ``columns()``."""
    data: dict[str, Any] = {}
    for f in export_fields():
        natural = f.name in USER_FIELDS | SLUG_FIELDS or f.name == EXECUTIVE_FIELD
        value = getattr(e, f.name) if natural else f.value_from_object(e)
        data[f.name] = encode_value(f, value)
    detection = getattr(e, "escalation_delay", None)
    data["detection_to_escalation"] = duration_iso_string(detection) if detection else None
    data["owner_name"] = e.owner.get_full_name() or e.owner.get_username()
    data["executive_name"] = str(e.executive) if e.executive is not None else None
    for name in FIGURE_COLUMNS[3:]:
        data[name] = getattr(e, {"coach_overrides": "override_count"}.get(name, name), None)
    return data


def to_json(escalations: Iterable[Escalation]) -> str:
    return json.dumps(
        {"columns": columns(), "escalations": [row(e) for e in escalations]},
        indent=2,
        ensure_ascii=False,
    )


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if text.startswith(_FORMULA_START) or text.startswith(_ESCAPE):
        return _ESCAPE + text
    return text


def to_csv(escalations: Iterable[Escalation]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(), lineterminator="\r\n")
    writer.writeheader()
    for e in escalations:
        writer.writerow({k: _csv_cell(v) for k, v in row(e).items()})
    return out.getvalue()


def parse_csv_cell(f: models.Field, cell: str) -> Any:
    """The inverse of the CSV cell encoding, then of ``encode_value``."""
    if isinstance(f, models.JSONField):
        return json.loads(cell) if cell else None
    if isinstance(f, models.BooleanField):
        return {"true": True, "false": False, "": None}[cell]
    if isinstance(f, models.IntegerField | models.AutoField) and f.name not in USER_FIELDS:
        return int(cell) if cell else None
    if cell.startswith(_ESCAPE):
        cell = cell[1:]
    if cell == "" and (f.null or f.name in USER_FIELDS and f.null):
        return None
    return parse_value(f, cell) if cell != "" else ""


def parse_csv(text: str) -> list[dict[str, Any]]:
    """Read an export back into typed values keyed by field name (figures stay text)."""
    by_name = {f.name: f for f in export_fields()}
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        rows.append(
            {
                name: parse_csv_cell(by_name[name], cell) if name in by_name else cell
                for name, cell in raw.items()
            }
        )
    return rows


def parse_json(text: str) -> list[dict[str, Any]]:
    by_name = {f.name: f for f in export_fields()}
    return [
        {name: parse_value(by_name[name], v) if name in by_name else v for name, v in r.items()}
        for r in json.loads(text)["escalations"]
    ]
