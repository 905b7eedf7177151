"""The status pages' history up to the third round as one migration; it replaces the four
the first two rounds wrote (two numbered 0002 and a merge), so a database migrated by an
earlier `make run` marks it applied and a fresh one runs it alone."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('statuspages', '0001_initial'),
        ('statuspages', '0002_harden_mailed_token'),
        ('statuspages', '0002_view_tally'),
        ('statuspages', '0003_merge_status'),
    ]

    dependencies = [
        ('escalations', '0001_squashed_0009_merge_firstuser'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ViewTally',
            fields=[
                ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('folded_through', models.CharField(blank=True, default='', max_length=40)),
            ],
        ),
        migrations.CreateModel(
            name='ShareLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(help_text='Who it is for, e.g. “CTO” or “#inc-payments”.', max_length=80)),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('last_viewed_at', models.DateTimeField(blank=True, null=True)),
                ('view_count', models.PositiveIntegerField(default=0)),
                ('for_executive', models.BooleanField(default=False)),
                ('mailed_token', models.CharField(blank=True, editable=False, max_length=64)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='share_links', to='escalations.escalation')),
            ],
            options={
                'ordering': ['-created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('expires_at__isnull', True), ('expires_at__gt', models.F('created_at')), _connector='OR'), name='sharelink_expires_after_creation')],
            },
        ),
    ]
