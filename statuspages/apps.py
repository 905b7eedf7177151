from django.apps import AppConfig


class StatuspagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statuspages"
    verbose_name = "Status pages"

    def ready(self) -> None:
        # Emails built in escalations (the pre-read, notices to the executive) ask for a
        # link through escalations.links; statuspages answers without a circular import.
        from escalations.links import register_status_link_provider

        from .services import executive_status_url

        register_status_link_provider(executive_status_url)

        # A link created, edited (the admin) or deleted: workers' cached lookups are retired.
        from django.db.models.signals import post_delete, post_save

        from escalations.beacon import announce_saved

        from .models import ShareLink

        post_save.connect(announce_saved, sender=ShareLink, dispatch_uid="beacon-sharelink")
        post_delete.connect(announce_saved, sender=ShareLink, dispatch_uid="beacon-sharelink")
