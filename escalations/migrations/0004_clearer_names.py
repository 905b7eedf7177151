"""Names that say what they hold.

- ``Update.state`` holds the status readers see: ``public_status``.
- ``EmailDispatch.claimed_at`` meant two things; it becomes ``handed_over_at`` (a pending
  row given to the broker) and ``sending_since`` (a worker claimed it).
- ``EmailDispatch.window_due_at`` also carried the time a 1:1 note corrects; that is now
  ``previous_starts_at``.
"""

from django.db import migrations, models
from django.db.models import F, Q


def split_fields(apps, schema_editor):
    EmailDispatch = apps.get_model("escalations", "EmailDispatch")
    EmailDispatch.objects.filter(state="pending").update(handed_over_at=F("claimed_at"))
    EmailDispatch.objects.exclude(state="pending").update(sending_since=F("claimed_at"))
    notes = ["meeting_moved", "meeting_cancelled"]
    EmailDispatch.objects.filter(purpose__in=notes).update(
        previous_starts_at=F("window_due_at"), window_due_at=None
    )


def join_fields(apps, schema_editor):
    EmailDispatch = apps.get_model("escalations", "EmailDispatch")
    EmailDispatch.objects.filter(state="pending").update(claimed_at=F("handed_over_at"))
    EmailDispatch.objects.exclude(state="pending").update(claimed_at=F("sending_since"))
    notes = ["meeting_moved", "meeting_cancelled"]
    EmailDispatch.objects.filter(purpose__in=notes).update(window_due_at=F("previous_starts_at"))


class Migration(migrations.Migration):
    dependencies = [("escalations", "0003_admin_reviewers_group")]

    operations = [
        migrations.RenameField("update", "state", "public_status"),
        migrations.AddField(
            model_name="emaildispatch",
            name="handed_over_at",
            field=models.DateTimeField(
                blank=True, null=True, help_text="When a pending row was last given to the broker."
            ),
        ),
        migrations.AddField(
            model_name="emaildispatch",
            name="sending_since",
            field=models.DateTimeField(
                blank=True, null=True, help_text="When a worker claimed the row to send it."
            ),
        ),
        migrations.AddField(
            model_name="emaildispatch",
            name="previous_starts_at",
            field=models.DateTimeField(
                blank=True,
                null=True,
                help_text="For 1:1 moved/cancelled notes: the time the executive last heard of.",
            ),
        ),
        migrations.RunPython(split_fields, join_fields),
        migrations.RemoveIndex(model_name="emaildispatch", name="dispatch_sending_idx"),
        migrations.RemoveField(model_name="emaildispatch", name="claimed_at"),
        migrations.AddIndex(
            model_name="emaildispatch",
            index=models.Index(
                condition=Q(state="sending"), fields=["sending_since"], name="dispatch_sending_idx"
            ),
        ),
        migrations.AlterField(
            model_name="emaildispatch",
            name="window_due_at",
            field=models.DateTimeField(
                blank=True,
                null=True,
                help_text="For cadence notices: the update due time this notice is about.",
            ),
        ),
    ]
