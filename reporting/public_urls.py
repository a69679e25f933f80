from django.urls import path

from reporting.views import public

app_name = "reporting_public"

urlpatterns = [
    path("", public.report_list, name="report-list"),
    path("<int:pk>/", public.report_detail, name="report-detail"),
    path("<int:pk>/report.pdf", public.report_pdf, name="report-pdf"),
]
