"""The "Reviewers" group: read-only access to escalations and the metrics page.

Permissions are created here with get_or_create because on a fresh database Django only
creates model permissions in the post_migrate signal, after every migration has run; the
post_migrate pass then finds them and adds nothing. ``view_escalation_metrics`` is a
custom permission (not on the model's Meta, so no schema state changes): it guards the
metrics page.
"""

from django.db import migrations

APP = "escalations"
MODELS = {
    "escalation": "escalation",
    "contributingfactor": "contributing factor",
    "remediationaction": "remediation action",
    "ask": "ask",
    "anticipatedquestion": "anticipated question",
    "update": "update",
    "meeting": "meeting",
    "coachoverride": "coach override",
    "emaildispatch": "email dispatch",
    "cadencepolicy": "cadence policy",
}
METRICS = ("view_escalation_metrics", "Can view escalation metrics")
GROUP = "Reviewers"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    perms = []
    for model, verbose in MODELS.items():
        ct, _ = ContentType.objects.get_or_create(app_label=APP, model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=ct, codename=f"view_{model}", defaults={"name": f"Can view {verbose}"}
        )
        perms.append(perm)
    ct = ContentType.objects.get(app_label=APP, model="escalation")
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename=METRICS[0], defaults={"name": METRICS[1]}
    )
    perms.append(perm)
    group.permissions.add(*perms)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name=GROUP).delete()
    Permission.objects.filter(content_type__app_label=APP, codename=METRICS[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("escalations", "0002_seed_cadence_policies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
