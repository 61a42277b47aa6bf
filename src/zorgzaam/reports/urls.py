from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("pdf/", views.report_pdf_view, name="pdf"),
    path("csv/", views.report_csv_view, name="csv"),
    path("budget/", views.budget, name="budget"),
    path("public/<slug:slug>/", views.public_report, name="public"),
    path("public/<slug:slug>/pdf/", views.public_pdf, name="public_pdf"),
    path("public/<slug:slug>/csv/", views.public_csv, name="public_csv"),
]
