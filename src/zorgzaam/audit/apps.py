from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zorgzaam.audit"
    label = "audit"
    verbose_name = "Audit log"
