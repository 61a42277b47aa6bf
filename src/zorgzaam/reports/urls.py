from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("stories/", views.report_annex, name="annex"),
    path("pdf/", views.report_pdf_view, name="pdf"),
    path("csv/", views.report_csv_view, name="csv"),
    path("csv/excel/", views.report_excel_view, name="csv_excel"),
    path("datapackage/", views.report_datapackage_view, name="datapackage"),
    path("budget/", views.budget, name="budget"),
    path("public/<slug:slug>/", views.public_report, name="public"),
    path("public/<slug:slug>/stories/", views.public_annex, name="public_annex"),
    path("public/<slug:slug>/pdf/", views.public_pdf, name="public_pdf"),
    path("public/<slug:slug>/csv/", views.public_csv, name="public_csv"),
    path("public/<slug:slug>/csv/excel/", views.public_excel, name="public_csv_excel"),
    path("public/<slug:slug>/datapackage/", views.public_datapackage, name="public_datapackage"),
]
