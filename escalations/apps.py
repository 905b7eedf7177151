from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "escalations"
    verbose_name = "Escalations"

    def ready(self) -> None:
        # Imported here: models may only load once the app registry is ready.
        from django.db.models.signals import post_delete, post_save

        from escalations.beacon import announce_saved
        from escalations.models import Escalation

        # Status pages cache what they read from an escalation row until the beacon moves.
        post_save.connect(announce_saved, sender=Escalation, dispatch_uid="beacon-escalation")
        post_delete.connect(announce_saved, sender=Escalation, dispatch_uid="beacon-escalation")
