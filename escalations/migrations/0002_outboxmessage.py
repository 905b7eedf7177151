"""The outbox's table is named for what it holds: emails and chat posts (``OutboxMessage``).

A rename, not a copy: rows, ids and foreign keys stay; the indexes and the check
constraint take the new name. An update whose readers' rows are still to be written says
so (``fan_out_owed``); every update posted before this was fanned out in its request.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("escalations", "0001_squashed_0009_merge_firstuser"),
    ]

    operations = [
        migrations.RenameModel(old_name="EmailDispatch", new_name="OutboxMessage"),
        migrations.AlterModelOptions(
            name="outboxmessage",
            options={"ordering": ["-send_at"], "verbose_name": "outbox message"},
        ),
        migrations.RenameIndex(
            model_name="outboxmessage",
            new_name="outbox_pending_due_idx",
            old_name="dispatch_pending_due_idx",
        ),
        migrations.RenameIndex(
            model_name="outboxmessage",
            new_name="outbox_sending_idx",
            old_name="dispatch_sending_idx",
        ),
        migrations.RemoveConstraint(
            model_name="outboxmessage",
            name="dispatch_sent_has_sent_at",
        ),
        migrations.AddConstraint(
            model_name="outboxmessage",
            constraint=models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_sent_at",
            ),
        ),
        migrations.AddField(
            model_name="update",
            name="fan_out_owed",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="update",
            name="fan_out_cursor",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="update",
            index=models.Index(
                condition=models.Q(("fan_out_owed", True)),
                fields=["created_at"],
                name="update_fan_out_owed_idx",
            ),
        ),
    ]
