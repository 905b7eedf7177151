"""The escalations app's whole history up to the third round, as one migration.

It replaces the twelve migrations the first two rounds wrote (four of them numbered 0005 and
three merges): a database migrated by an earlier `make run` has all twelve recorded, so
Django marks this one applied and moves on; a fresh database runs it alone. Besides the
schema it seeds what those migrations seeded: the cadence defaults of docs/cadence.md and the
read-only "Reviewers" group (docs/access.md).

Model permissions are created here with get_or_create because on a fresh database Django
only creates them in the post_migrate signal, after every migration has run; that pass then
finds them and adds nothing.
"""

from datetime import timedelta

import datetime
import django.db.models.deletion
import escalations.models
from django.conf import settings
from django.db import migrations, models


CADENCE_DEFAULTS = {
    "major_incident": (timedelta(hours=1), timedelta(days=1), "Hourly until contained, then daily."),
    "security_incident": (timedelta(hours=1), timedelta(days=1), "Hourly until contained, then daily."),
    "third_party_outage": (timedelta(hours=1), timedelta(days=1), "Hourly until contained, then daily."),
    "schedule_slip": (timedelta(days=1), timedelta(days=1), "Daily."),
    "tech_debt": (timedelta(days=7), timedelta(days=7), "Weekly, with blockers called out."),
}

GROUP = "Reviewers"
# (app label, model name, verbose name) of every model reviewers may read.
REVIEWED = [
    ("escalations", "escalation", "escalation"),
    ("escalations", "contributingfactor", "contributing factor"),
    ("escalations", "remediationaction", "remediation action"),
    ("escalations", "ask", "ask"),
    ("escalations", "anticipatedquestion", "anticipated question"),
    ("escalations", "update", "update"),
    ("escalations", "meeting", "meeting"),
    ("escalations", "coachoverride", "coach override"),
    ("escalations", "emaildispatch", "email dispatch"),
    ("escalations", "cadencepolicy", "cadence policy"),
    ("axes", "accessattempt", "access attempt"),
    ("axes", "accessfailurelog", "access failure"),
]
METRICS = ("view_escalation_metrics", "Can view escalation metrics")


def seed(apps, schema_editor):
    CadencePolicy = apps.get_model("escalations", "CadencePolicy")
    for kind, (until, after, notes) in CADENCE_DEFAULTS.items():
        CadencePolicy.objects.get_or_create(
            kind=kind,
            defaults={"interval_until_contained": until, "interval_after_contained": after, "notes": notes},
        )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    perms = []
    for app_label, model, verbose in REVIEWED:
        ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=ct, codename=f"view_{model}", defaults={"name": f"Can view {verbose}"}
        )
        perms.append(perm)
    ct = ContentType.objects.get(app_label="escalations", model="escalation")
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename=METRICS[0], defaults={"name": METRICS[1]}
    )
    perms.append(perm)
    group.permissions.add(*perms)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('escalations', '0001_initial'),
        ('escalations', '0002_seed_cadence_policies'),
        ('escalations', '0003_admin_reviewers_group'),
        ('escalations', '0004_clearer_names'),
        ('escalations', '0005_decide_ask_decisions'),
        ('escalations', '0005_firstuser_wizard_revisions_dispatch_plural'),
        ('escalations', '0005_harden_lockouts_outcome_unknown'),
        ('escalations', '0005_push_subscriptions_chat_preread'),
        ('escalations', '0006_merge_decide_push'),
        ('escalations', '0007_dispatch_purposes_decisions_and_updates'),
        ('escalations', '0008_merge_harden'),
        ('escalations', '0009_merge_firstuser'),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('axes', '0010_accessattemptexpiration'),
    ]

    operations = [
        migrations.CreateModel(
            name='Ask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(help_text='The decision only the executive can make.', max_length=500)),
                ('kind', models.CharField(choices=[('approve_spend', 'Approve spend'), ('unblock', 'Unblock a team or vendor'), ('choose_option', 'Choose between options'), ('other', 'Other decision')], default='other', max_length=16)),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                ('decide_by', models.DateTimeField()),
                ('status', models.CharField(choices=[('open', 'Open'), ('approved', 'Approved'), ('declined', 'Declined'), ('discussed', "Let's discuss")], default='open', max_length=16)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decided_by', models.CharField(blank=True, max_length=120)),
                ('note', models.TextField(blank=True)),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'ordering': ['position', 'decide_by', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='AskDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(choices=[('approved', 'Approve'), ('declined', 'Decline'), ('discuss', "Let's discuss")], max_length=16)),
                ('decided_by_name', models.CharField(max_length=120)),
                ('decided_by_email', models.EmailField(blank=True, max_length=254)),
                ('via', models.CharField(choices=[('executive_link', "The executive's own status-page link"), ('author', 'Recorded by the author')], max_length=16)),
                ('note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField()),
                ('ask', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='escalations.ask')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CadencePolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('major_incident', 'Major incident (outage, data)'), ('security_incident', 'Security incident'), ('third_party_outage', 'Third-party outage'), ('schedule_slip', 'Schedule slip'), ('tech_debt', 'Technical debt')], max_length=32, unique=True)),
                ('interval_until_contained', models.DurationField(help_text='Update interval while the escalation is open and not yet contained.')),
                ('interval_after_contained', models.DurationField(help_text='Update interval once contained, until resolved.')),
                ('notes', models.CharField(blank=True, max_length=200)),
            ],
            options={
                'verbose_name_plural': 'cadence policies',
                'constraints': [models.CheckConstraint(condition=models.Q(('interval_until_contained__gt', datetime.timedelta(0)), ('interval_after_contained__gt', datetime.timedelta(0))), name='cadence_intervals_positive')],
            },
        ),
        migrations.CreateModel(
            name='Escalation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('kind', models.CharField(choices=[('major_incident', 'Major incident (outage, data)'), ('security_incident', 'Security incident'), ('third_party_outage', 'Third-party outage'), ('schedule_slip', 'Schedule slip'), ('tech_debt', 'Technical debt')], default='major_incident', max_length=32)),
                ('severity', models.CharField(choices=[('sev1', 'SEV1 — critical'), ('sev2', 'SEV2 — major'), ('sev3', 'SEV3 — moderate'), ('sev4', 'SEV4 — minor')], default='sev2', max_length=8)),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('escalated', 'Escalated'), ('contained', 'Contained'), ('resolved', 'Resolved'), ('reviewed', 'Reviewed')], default='draft', max_length=16)),
                ('executive_name', models.CharField(blank=True, max_length=120)),
                ('executive_email', models.EmailField(blank=True, max_length=254)),
                ('executive_time_zone', models.CharField(default='UTC', max_length=64, validators=[escalations.models.validate_time_zone])),
                ('detected_at', models.DateTimeField(blank=True, null=True)),
                ('escalated_at', models.DateTimeField(blank=True, null=True)),
                ('contained_at', models.DateTimeField(blank=True, null=True)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('last_updated_at', models.DateTimeField(blank=True, null=True)),
                ('next_update_due_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                ('stale_since', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('modified_at', models.DateTimeField(auto_now=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('cadence_interval', models.DurationField(blank=True, help_text='A stricter interval than the policy for this kind.', null=True)),
                ('cadence_daily_at', models.TimeField(blank=True, help_text='Commit to a fixed daily time, e.g. 09:00.', null=True)),
                ('cadence_time_zone', models.CharField(default='UTC', max_length=64, validators=[escalations.models.validate_time_zone])),
                ('triage_business_impact', models.BooleanField(blank=True, null=True)),
                ('triage_severe', models.BooleanField(blank=True, null=True)),
                ('triage_normal_channels_tried', models.BooleanField(blank=True, null=True)),
                ('triage_reputational_risk', models.BooleanField(blank=True, null=True)),
                ('triage_verdict', models.CharField(blank=True, choices=[('executive', 'Executive-level'), ('normal_channel', 'Route to the normal channel')], max_length=16)),
                ('triage_reason', models.TextField(blank=True)),
                ('triage_override_reason', models.TextField(blank=True)),
                ('impact_headline', models.TextField(blank=True)),
                ('impact_customers_affected', models.PositiveIntegerField(blank=True, null=True)),
                ('impact_revenue_per_hour', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                ('impact_revenue_total', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True)),
                ('impact_currency', models.CharField(default='USD', max_length=3)),
                ('impact_share_failing_pct', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                ('impact_delay_days', models.PositiveIntegerField(blank=True, null=True)),
                ('impact_dates_moved', models.CharField(blank=True, max_length=300)),
                ('impact_metric_value', models.DecimalField(blank=True, decimal_places=3, max_digits=16, null=True)),
                ('impact_metric_unit', models.CharField(blank=True, max_length=40)),
                ('impact_detail', models.TextField(blank=True)),
                ('cause_statement', models.TextField(blank=True)),
                ('cause_confidence', models.CharField(blank=True, choices=[('confirmed', 'Confirmed'), ('preliminary', 'Preliminary')], max_length=16)),
                ('ownership_statement', models.TextField(blank=True)),
                ('remediation_mitigation', models.TextField(blank=True)),
                ('remediation_expected_resolution_at', models.DateTimeField(blank=True, null=True)),
                ('remediation_depends_on', models.TextField(blank=True)),
                ('remediation_alternatives', models.TextField(blank=True)),
                ('remediation_prevention', models.TextField(blank=True)),
                ('asks_decision_threshold', models.TextField(blank=True)),
                ('asks_information_only', models.BooleanField(default=False)),
                ('asks_information_only_reason', models.TextField(blank=True)),
                ('preread_include_answers', models.BooleanField(default=False, help_text='Append my prepared answers to the emailed pre-read.')),
                ('preread_length_override_reason', models.TextField(blank=True)),
                ('wizard_drafts', models.JSONField(blank=True, default=dict)),
                ('wizard_autosaved_at', models.DateTimeField(blank=True, null=True)),
                ('wizard_revisions', models.JSONField(blank=True, default=dict)),
                ('review_root_cause_confirmed', models.BooleanField(blank=True, null=True)),
                ('review_prevention_actions', models.TextField(blank=True)),
                ('review_lessons', models.TextField(blank=True)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='escalations', to=settings.AUTH_USER_MODEL)),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviewed_escalations', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='ContributingFactor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.CharField(max_length=500)),
                ('is_authors', models.BooleanField(default=False, help_text='The factor the author controlled.')),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contributing_factors', to='escalations.escalation')),
            ],
            options={
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CoachOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rule', models.CharField(max_length=64)),
                ('section', models.CharField(max_length=16)),
                ('excerpt', models.CharField(blank=True, max_length=300)),
                ('reason', models.TextField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coach_overrides', to='escalations.escalation')),
            ],
            options={
                'ordering': ['created_at'],
            },
        ),
        migrations.CreateModel(
            name='ChatWebhook',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(max_length=1000)),
                ('format', models.CharField(choices=[('slack', 'Slack'), ('teams', 'Microsoft Teams')], max_length=8)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('escalation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='chat_webhook', to='escalations.escalation')),
            ],
        ),
        migrations.AddField(
            model_name='ask',
            name='escalation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='asks', to='escalations.escalation'),
        ),
        migrations.CreateModel(
            name='AnticipatedQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('question', models.CharField(max_length=500)),
                ('answer', models.TextField()),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='escalations.escalation')),
            ],
            options={
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField(help_text='UTC.')),
                ('time_zone', models.CharField(default='UTC', help_text='The zone the time was entered in.', max_length=64, validators=[escalations.models.validate_time_zone])),
                ('duration_minutes', models.PositiveSmallIntegerField(default=30)),
                ('video_link', models.URLField(blank=True)),
                ('outcome', models.CharField(choices=[('pending', 'Not recorded yet'), ('went_well', 'Went well'), ('mixed', 'Mixed'), ('went_badly', 'Went badly')], default='pending', max_length=16)),
                ('outcome_notes', models.TextField(blank=True)),
                ('agreed', models.TextField(blank=True)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='escalations.escalation')),
            ],
            options={
                'ordering': ['starts_at'],
            },
        ),
        migrations.CreateModel(
            name='Profile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('time_zone', models.CharField(default='UTC', max_length=64, validators=[escalations.models.validate_time_zone])),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='upward_profile', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='RemediationAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.CharField(max_length=500)),
                ('owner_name', models.CharField(max_length=120)),
                ('due_at', models.DateTimeField()),
                ('kind', models.CharField(choices=[('corrective', 'Corrective'), ('preventative', 'Preventative'), ('detective', 'Detective')], default='corrective', max_length=16)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='escalations.escalation')),
            ],
            options={
                'ordering': ['position', 'due_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(blank=True, help_text='Blank for the executive: their address.', max_length=254)),
                ('for_executive', models.BooleanField(default=False)),
                ('mode', models.CharField(choices=[('each', 'Every update, as it is posted'), ('digest', 'One daily digest'), ('off', 'No emails')], default='each', max_length=8)),
                ('digest_at', models.TimeField(blank=True, help_text='Local time of the digest.', null=True)),
                ('time_zone', models.CharField(default='UTC', max_length=64, validators=[escalations.models.validate_time_zone])),
                ('link_key', models.CharField(editable=False, max_length=32)),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('unsubscribed_at', models.DateTimeField(blank=True, null=True)),
                ('digest_covered_until', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='escalations.escalation')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Update',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.TextField(help_text='Markdown.')),
                ('public_status', models.CharField(choices=[('investigating', 'Investigating'), ('identified', 'Identified'), ('mitigating', 'Mitigating'), ('monitoring', 'Monitoring'), ('resolved', 'Resolved')], default='investigating', max_length=16)),
                ('kind', models.CharField(choices=[('escalated', 'Escalated (pre-read)'), ('progress', 'Progress'), ('no_change', 'No change'), ('edit', 'Section edited'), ('state_change', 'State changed'), ('decision', 'Decision on an ask')], default='progress', max_length=16)),
                ('created_at', models.DateTimeField()),
                ('was_due_at', models.DateTimeField(blank=True, null=True)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='escalations.escalation')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='EmailDispatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('preread', 'Pre-read before the 1:1'), ('meeting_moved', '1:1 moved'), ('meeting_cancelled', '1:1 cancelled'), ('followup', 'Follow-up after the 1:1'), ('stale_reminder', 'Update overdue (to the author)'), ('heads_up', 'Update due soon (to the author)'), ('executive_notice', 'No update (to the executive)'), ('decision_recorded', 'Decision recorded (to the author)'), ('ask_overdue', 'Decision overdue (to the author)'), ('update', 'Update (to a subscriber)'), ('digest', 'Daily digest of updates (to a subscriber)'), ('subscribe_confirm', 'Confirm a subscription'), ('chat_update', 'Update posted to a chat webhook')], max_length=24)),
                ('dedupe_key', models.CharField(max_length=200, unique=True)),
                ('window_due_at', models.DateTimeField(blank=True, help_text='For cadence notices: the update due time this notice is about.', null=True)),
                ('previous_starts_at', models.DateTimeField(blank=True, help_text='For 1:1 moved/cancelled notes: the time the executive last heard of.', null=True)),
                ('to_email', models.EmailField(blank=True, help_text='Blank for chat posts.', max_length=254)),
                ('covers_from', models.DateTimeField(blank=True, help_text='Digest: updates after…', null=True)),
                ('covers_until', models.DateTimeField(blank=True, help_text='…up to this instant.', null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0, help_text='Chat posts: tries so far (retried on 5xx and timeouts).')),
                ('send_at', models.DateTimeField()),
                ('state', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='pending', max_length=16)),
                ('handed_over_at', models.DateTimeField(blank=True, help_text='When a pending row was last given to the broker.', null=True)),
                ('sending_since', models.DateTimeField(blank=True, help_text='When a worker claimed the row to send it.', null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('subject', models.CharField(blank=True, max_length=300)),
                ('body_text', models.TextField(blank=True, help_text='Extra text for notes such as the follow-up.')),
                ('error', models.TextField(blank=True)),
                ('outcome_unknown', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('ask', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='escalations.ask')),
                ('ask_decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='escalations.askdecision')),
                ('escalation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='escalations.escalation')),
                ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='escalations.meeting')),
                ('subscription', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='escalations.subscription')),
                ('update', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dispatches', to='escalations.update')),
            ],
            options={
                'verbose_name_plural': 'email dispatches',
                'ordering': ['-send_at'],
            },
        ),
        migrations.AddIndex(
            model_name='askdecision',
            index=models.Index(fields=['ask', '-created_at'], name='askdecision_ask_idx'),
        ),
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(fields=['owner', '-created_at'], name='esc_owner_created_idx'),
        ),
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(fields=['state', 'next_update_due_at'], name='esc_state_due_idx'),
        ),
        migrations.AddIndex(
            model_name='escalation',
            index=models.Index(fields=['escalated_at'], name='esc_escalated_idx'),
        ),
        migrations.AddConstraint(
            model_name='escalation',
            constraint=models.CheckConstraint(condition=models.Q(('impact_share_failing_pct__isnull', True), models.Q(('impact_share_failing_pct__gte', 0), ('impact_share_failing_pct__lte', 100)), _connector='OR'), name='esc_share_failing_is_percentage'),
        ),
        migrations.AddConstraint(
            model_name='escalation',
            constraint=models.CheckConstraint(condition=models.Q(('impact_revenue_per_hour__isnull', True), ('impact_revenue_per_hour__gte', 0), _connector='OR'), name='esc_revenue_per_hour_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='escalation',
            constraint=models.CheckConstraint(condition=models.Q(('state', 'draft'), ('escalated_at__isnull', False), _connector='OR'), name='esc_escalated_has_escalated_at'),
        ),
        migrations.AddConstraint(
            model_name='escalation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state__in', ['resolved', 'reviewed']), _negated=True), ('resolved_at__isnull', False), _connector='OR'), name='esc_resolved_has_resolved_at'),
        ),
        migrations.AddConstraint(
            model_name='escalation',
            constraint=models.CheckConstraint(condition=models.Q(('cadence_interval__isnull', True), ('cadence_interval__gt', datetime.timedelta(0)), _connector='OR'), name='esc_cadence_interval_positive'),
        ),
        migrations.AddConstraint(
            model_name='contributingfactor',
            constraint=models.UniqueConstraint(condition=models.Q(('is_authors', True)), fields=('escalation',), name='one_authors_factor_per_escalation'),
        ),
        migrations.AddIndex(
            model_name='ask',
            index=models.Index(condition=models.Q(('status', 'open')), fields=['decide_by'], name='ask_open_due_idx'),
        ),
        migrations.AddConstraint(
            model_name='ask',
            constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', True), ('amount__gte', 0), _connector='OR'), name='ask_amount_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='ask',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['approved', 'declined']), _negated=True), ('decided_at__isnull', False), _connector='OR'), name='ask_decision_has_decided_at'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('duration_minutes__gt', 0)), name='meeting_duration_positive'),
        ),
        migrations.AddIndex(
            model_name='subscription',
            index=models.Index(condition=models.Q(('mode', 'digest')), fields=['mode'], name='subscription_digest_idx'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.UniqueConstraint(condition=models.Q(('for_executive', True)), fields=('escalation',), name='one_executive_subscription'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.UniqueConstraint(condition=models.Q(('for_executive', False)), fields=('escalation', 'email'), name='one_subscription_per_address'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('mode', 'digest'), _negated=True), ('digest_at__isnull', False), _connector='OR'), name='subscription_digest_has_time'),
        ),
        migrations.AddIndex(
            model_name='update',
            index=models.Index(fields=['escalation', '-created_at'], name='update_esc_created_idx'),
        ),
        migrations.AddIndex(
            model_name='emaildispatch',
            index=models.Index(condition=models.Q(('state', 'pending')), fields=['send_at'], name='dispatch_pending_due_idx'),
        ),
        migrations.AddIndex(
            model_name='emaildispatch',
            index=models.Index(condition=models.Q(('state', 'sending')), fields=['sending_since'], name='dispatch_sending_idx'),
        ),
        migrations.AddConstraint(
            model_name='emaildispatch',
            constraint=models.UniqueConstraint(condition=models.Q(('purpose', 'preread')), fields=('meeting', 'purpose'), name='one_preread_per_meeting'),
        ),
        migrations.AddConstraint(
            model_name='emaildispatch',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'sent'), _negated=True), ('sent_at__isnull', False), _connector='OR'), name='dispatch_sent_has_sent_at'),
        ),
        migrations.RunPython(seed, unseed),
    ]
