from django.apps import AppConfig


class StatuspagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statuspages"
    verbose_name = "Status pages"

    def ready(self) -> None:
        # Emails built in escalations (the pre-read, notices to the executive) ask for a
        # link through escalations.links; statuspages answers without a circular import.
        from django.db.models.signals import post_delete, post_save

        from escalations.links import register_status_link_provider
        from escalations.models import Escalation, escalation_changed

        from . import sync
        from .models import ShareLink
        from .services import executive_status_url

        register_status_link_provider(executive_status_url)

        # Every reader-visible write updates Redis's link records before its response
        # returns (statuspages.sync): saved rows, and QuerySet.update() version bumps.
        uid = "statuspages-sync"
        escalation_changed.connect(sync.on_escalation_changed, dispatch_uid=uid)
        post_save.connect(sync.on_escalation_saved, sender=Escalation, dispatch_uid=uid)
        post_save.connect(sync.on_link_saved, sender=ShareLink, dispatch_uid=uid)
        post_delete.connect(sync.on_link_deleted, sender=ShareLink, dispatch_uid=uid)
