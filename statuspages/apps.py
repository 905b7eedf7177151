from django.apps import AppConfig


class StatuspagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statuspages"
    verbose_name = "Status pages"

    def ready(self) -> None:
        # Imported here, not at the top: app modules that touch models may only load once the
        # app registry is ready. escalations never imports statuspages; statuspages plugs into
        # escalations' two extension points instead.
        from django.db.models.signals import post_delete, post_save

        from escalations.beacon import announce_saved
        from escalations.meetings.links import (
            register_channel_link_provider,
            register_status_link_provider,
        )
        from escalations.overview.panels import register_page_context

        from .models import ShareLink
        from .panels import sharing_context
        from .services import channel_status_url, executive_status_url

        # Emails built in escalations (the pre-read, notices to the executive) link the
        # executive's status page through escalations.meetings.links.
        register_status_link_provider(executive_status_url)
        # Chat posts carry a link of their own, never the executive's personal one.
        register_channel_link_provider(channel_status_url)
        # The escalation page shows the sharing panel.
        register_page_context("sharing", sharing_context)

        # A link created, edited (the admin) or deleted: workers' cached lookups are retired.
        post_save.connect(announce_saved, sender=ShareLink, dispatch_uid="beacon-sharelink")
        post_delete.connect(announce_saved, sender=ShareLink, dispatch_uid="beacon-sharelink")
