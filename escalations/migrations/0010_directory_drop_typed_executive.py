"""The typed executive fields go: every escalation now points at a directory entry.

Before the columns are dropped, whatever 0006 could not see is carried over:

- escalations written with a typed address after 0006 ran (by code that still wrote the
  typed fields) get the directory entry of that address, created if missing;
- a name typed with the title in it ("Priya Raman (CTO)", as the old triage hint invited)
  becomes name "Priya Raman" and title "CTO" on entries that have no title yet;
- an escalation with a typed name but no address (the address used to be optional) points
  at the one entry of that name when there is exactly one; otherwise the typed name is kept
  as the triage step's draft, so the author finds it in the executive field and adds them.

Reviewers may read the directory (the Executive admin is read-only for them).
"""

import re
import secrets

from django.db import migrations

TITLED = re.compile(r"^(?P<name>.+?)\s*\((?P<title>[^()]{1,60})\)\s*$")


def _split(name: str) -> tuple[str, str]:
    found = TITLED.match(name.strip())
    if found is None:
        return name.strip(), ""
    return found["name"].strip(), found["title"].strip()


def _checks_now(schema_editor):
    """PostgreSQL checks foreign keys at commit by default; the columns this migration then
    drops (or, backwards, 0006 drops) cannot be altered with those checks still pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def carry_over(apps, schema_editor):
    Escalation = apps.get_model("escalations", "Escalation")
    Executive = apps.get_model("escalations", "Executive")
    Subscription = apps.get_model("escalations", "Subscription")
    pending = Escalation.objects.filter(executive__isnull=True).exclude(executive_email="")
    for esc in pending.order_by("created_at", "pk"):
        email = esc.executive_email.strip().lower()
        executive = Executive.objects.filter(email__iexact=email).first()
        if executive is None:
            sub = Subscription.objects.filter(escalation=esc, for_executive=True).first()
            mode, digest_at = "each", None
            if sub is not None and not (sub.mode == "digest" and sub.digest_at is None):
                mode, digest_at = sub.mode, sub.digest_at
            executive = Executive.objects.create(
                name=(esc.executive_name or email.split("@")[0])[:120],
                email=email,
                time_zone=esc.executive_time_zone or "UTC",
                mode=mode,
                digest_at=digest_at,
                desk_key=secrets.token_hex(16),
            )
        Escalation.objects.filter(pk=esc.pk).update(executive=executive)
    for executive in Executive.objects.filter(title=""):
        name, title = _split(executive.name)
        if title and name:
            executive.name, executive.title = name[:120], title[:120]
            executive.save(update_fields=["name", "title"])
    nameless = Escalation.objects.filter(executive__isnull=True, executive_email="")
    for esc in nameless.exclude(executive_name=""):
        name, _ = _split(esc.executive_name)
        same = list(Executive.objects.filter(name__iexact=name)[:2])
        if len(same) == 1:
            Escalation.objects.filter(pk=esc.pk).update(executive=same[0])
            continue
        drafts = dict(esc.wizard_drafts or {})
        triage = dict(drafts.get("triage") or {})
        triage.setdefault("executive_pick", [esc.executive_name])
        drafts["triage"] = triage
        Escalation.objects.filter(pk=esc.pk).update(wizard_drafts=drafts)
    _checks_now(schema_editor)


def typed_back(apps, schema_editor):
    """Backwards: the typed fields are filled from the directory entry again."""
    Escalation = apps.get_model("escalations", "Escalation")
    for esc in Escalation.objects.exclude(executive__isnull=True).select_related("executive"):
        x = esc.executive
        Escalation.objects.filter(pk=esc.pk).update(
            executive_name=(f"{x.name} ({x.title})" if x.title else x.name)[:120],
            executive_email=x.email,
            executive_time_zone=x.time_zone,
        )
    _checks_now(schema_editor)


def reviewers_read_the_directory(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Reviewers").first()
    if group is None:
        return
    ct, _ = ContentType.objects.get_or_create(app_label="escalations", model="executive")
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename="view_executive", defaults={"name": "Can view executive"}
    )
    group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("escalations", "0009_teams_coauthors"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(carry_over, typed_back),
        migrations.RunPython(reviewers_read_the_directory, migrations.RunPython.noop),
        migrations.RemoveField(model_name="escalation", name="executive_name"),
        migrations.RemoveField(model_name="escalation", name="executive_email"),
        migrations.RemoveField(model_name="escalation", name="executive_time_zone"),
    ]
