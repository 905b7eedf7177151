"""The stale tick's RCA scan reads today's reminders through a partial index of their own.

Which escalations already have today's RCA reminder was answered by reading the whole
outbox (every message ever sent) on every tick; the index holds the reminders only.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("escalations", "0011_outbox_dedupe_key_one_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("purpose", "rca_reminder")),
                fields=["escalation", "window_due_at"],
                name="outbox_rca_reminder_idx",
            ),
        ),
    ]
