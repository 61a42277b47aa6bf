from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "zorgzaam.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy and geography"
