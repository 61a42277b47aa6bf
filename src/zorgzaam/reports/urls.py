from django.urls import path

from . import views, views_visits

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("stories/", views.report_annex, name="annex"),
    path("pdf/", views.report_pdf_view, name="pdf"),
    path("pdf/annex/", views.report_annex_pdf_view, name="annex_pdf"),
    path("csv/", views.report_csv_view, name="csv"),
    path("csv/excel/", views.report_excel_view, name="csv_excel"),
    path("datapackage/", views.report_datapackage_view, name="datapackage"),
    path("budget/", views.budget, name="budget"),
    path("visits/", views_visits.visit_list, name="visits"),
    path("visits/new/", views_visits.visit_new, name="visit_new"),
    path("visits/<uuid:public_id>/", views_visits.visit_detail, name="visit_detail"),
    path("visits/<uuid:public_id>/edit/", views_visits.visit_edit, name="visit_edit"),
    path("visits/<uuid:public_id>/brief/", views_visits.visit_content, name="visit_content"),
    path("visits/<uuid:public_id>/invite/", views_visits.visit_invite, name="visit_invite"),
    path("visits/<uuid:public_id>/outcome/", views_visits.visit_outcome, name="visit_outcome"),
    path("visits/<uuid:public_id>/brief.pdf", views_visits.visit_brief_pdf, name="visit_pdf"),
    path("public/<slug:slug>/", views.public_report, name="public"),
    path("public/<slug:slug>/stories/", views.public_annex, name="public_annex"),
    path("public/<slug:slug>/pdf/", views.public_pdf, name="public_pdf"),
    path("public/<slug:slug>/pdf/annex/", views.public_annex_pdf, name="public_annex_pdf"),
    path("public/<slug:slug>/csv/", views.public_csv, name="public_csv"),
    path("public/<slug:slug>/csv/excel/", views.public_excel, name="public_csv_excel"),
    path("public/<slug:slug>/datapackage/", views.public_datapackage, name="public_datapackage"),
]
