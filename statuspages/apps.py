from django.apps import AppConfig


class StatuspagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statuspages"
    verbose_name = "Status pages"

    def ready(self) -> None:
        # Imported here, not at the top: app modules that touch models may only load once the
        # app registry is ready. escalations never imports statuspages; statuspages plugs into
        # escalations' extension points and signals instead.
        from escalations.models import escalation_changed
        from escalations.outbox.links import (
            register_channel_link_provider,
            register_reader_link_provider,
            register_status_link_provider,
        )
        from escalations.overview.panels import register_page_context

        from .readpath import on_escalation_changed
        from .services import channel_status_url, executive_status_url, reader_status_url
        from .sharing.panels import sharing_context

        # Emails built in escalations (the pre-read, notices to the executive) link the
        # executive's status page through escalations.outbox.links (minted when the email is
        # owed, only read while it is rendered).
        register_status_link_provider(executive_status_url)
        # Chat posts carry a link of their own, never the executive's personal one.
        register_channel_link_provider(channel_status_url)
        # A reader's emails carry the link they subscribed through.
        register_reader_link_provider(reader_status_url)
        # The escalation page shows the sharing panel.
        register_page_context("sharing", sharing_context)

        # Every reader-visible write calls escalation_touch(), whose signal has the status
        # pages' cache rewrite the escalation's link entries once the write commits. The
        # receiver keeps the cache in step and does nothing else.
        escalation_changed.connect(on_escalation_changed, dispatch_uid="statuspages-readpath")
