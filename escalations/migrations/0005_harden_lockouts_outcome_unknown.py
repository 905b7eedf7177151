"""Reviewers see login lockouts (django-axes) in the admin, read-only; and a dispatch that
failed after reaching the mail server says its outcome is unknown.

Same get_or_create dance as 0003_admin_reviewers_group.py: on a fresh database model
permissions only exist after post_migrate, which runs after every migration.
"""

from django.db import migrations, models

GROUP = "Reviewers"
MODELS = {"accessattempt": "access attempt", "accessfailurelog": "access failure"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for model, verbose in MODELS.items():
        ct, _ = ContentType.objects.get_or_create(app_label="axes", model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=ct, codename=f"view_{model}", defaults={"name": f"Can view {verbose}"}
        )
        group.permissions.add(perm)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="axes", codename__in=[f"view_{m}" for m in MODELS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("escalations", "0004_clearer_names"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.AddField(
            model_name="emaildispatch",
            name="outcome_unknown",
            field=models.BooleanField(default=False),
        ),
    ]
