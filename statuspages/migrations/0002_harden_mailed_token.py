"""Links Upward mints for itself keep their (random) token instead of deriving it.

The executive's links used to be HMAC(SECRET_KEY, escalation and a counter): anyone holding
the key could compute them. Those still working are revoked here, so the next email mints a
fresh link from ``secrets`` (statuspages/services.py executive_link_token).
"""

from django.db import migrations, models
from django.utils import timezone


def revoke_derived_links(apps, schema_editor):
    ShareLink = apps.get_model("statuspages", "ShareLink")
    ShareLink.objects.filter(for_executive=True, mailed_token="", revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("statuspages", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="sharelink",
            name="mailed_token",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(revoke_derived_links, migrations.RunPython.noop),
    ]
