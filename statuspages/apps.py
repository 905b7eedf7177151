from django.apps import AppConfig


class StatuspagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statuspages"
    verbose_name = "Status pages"

    def ready(self) -> None:
        # Imported here, not at the top: app modules that touch models may only load once the
        # app registry is ready. escalations never imports statuspages; statuspages plugs into
        # escalations' extension points and signals instead.
        from django.db.models.signals import post_delete, post_save

        from escalations.models import Escalation, escalation_changed
        from escalations.outbox.links import (
            register_channel_link_provider,
            register_status_link_provider,
        )
        from escalations.overview.panels import register_page_context

        from . import sync
        from .models import ShareLink
        from .panels import sharing_context
        from .services import channel_status_url, executive_status_url

        # Emails built in escalations (the pre-read, notices to the executive) link the
        # executive's status page through escalations.outbox.links (minted when the email is
        # owed, only read while it is rendered).
        register_status_link_provider(executive_status_url)
        # Chat posts carry a link of their own, never the executive's personal one.
        register_channel_link_provider(channel_status_url)
        # The escalation page shows the sharing panel.
        register_page_context("sharing", sharing_context)

        # Every reader-visible write updates Redis's link records before its response
        # returns (statuspages.sync): saved rows, and QuerySet.update() version bumps.
        uid = "statuspages-sync"
        escalation_changed.connect(sync.on_escalation_changed, dispatch_uid=uid)
        post_save.connect(sync.on_escalation_saved, sender=Escalation, dispatch_uid=uid)
        post_save.connect(sync.on_link_saved, sender=ShareLink, dispatch_uid=uid)
        post_delete.connect(sync.on_link_deleted, sender=ShareLink, dispatch_uid=uid)
