"""Seed the cadence table with the defaults of docs/cadence.md; admins may tune them later."""

from datetime import timedelta

from django.db import migrations

DEFAULTS = {
    "major_incident": (timedelta(hours=1), timedelta(days=1), "Hourly until contained, then daily."),
    "security_incident": (timedelta(hours=1), timedelta(days=1), "Hourly until contained, then daily."),
    "third_party_outage": (timedelta(hours=1), timedelta(days=1), "Hourly until contained, then daily."),
    "schedule_slip": (timedelta(days=1), timedelta(days=1), "Daily."),
    "tech_debt": (timedelta(days=7), timedelta(days=7), "Weekly, with blockers called out."),
}


def seed(apps, schema_editor):
    CadencePolicy = apps.get_model("escalations", "CadencePolicy")
    for kind, (until, after, notes) in DEFAULTS.items():
        CadencePolicy.objects.get_or_create(
            kind=kind,
            defaults={"interval_until_contained": until, "interval_after_contained": after, "notes": notes},
        )


class Migration(migrations.Migration):
    dependencies = [("escalations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
