"""The outbox's dedupe key keeps one index, the unique one.

``unique=True`` on a CharField gives it two indexes on PostgreSQL: the unique one and a
``varchar_pattern_ops`` copy for ``LIKE 'prefix%'``, which no query makes. Every notice the
stale tick owes (thousands at once when many escalations go overdue together) wrote both.
The key is now unique through a named constraint, which has no such copy.

The copy was made when the table was still ``escalations_emaildispatch``, so its name is
not the one Django would work out from today's table: it is found by introspection (any
index on ``dedupe_key`` alone that is not unique) and dropped.
"""

from django.db import migrations, models


def drop_pattern_index(apps, schema_editor):
    OutboxMessage = apps.get_model("escalations", "OutboxMessage")
    table = OutboxMessage._meta.db_table
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():
        if info["index"] and not info["unique"] and info["columns"] == ["dedupe_key"]:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("escalations", "0010_directory_drop_typed_executive"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="dedupe_key",
            field=models.CharField(max_length=200),
        ),
        migrations.AddConstraint(
            model_name="outboxmessage",
            constraint=models.UniqueConstraint(fields=("dedupe_key",), name="outbox_dedupe_key_uniq"),
        ),
        migrations.RunPython(drop_pattern_index, migrations.RunPython.noop),
    ]
