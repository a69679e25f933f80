from django.urls import path

from portfolio import views_io

urlpatterns = [
    path("measures/export/", views_io.measure_export, name="measure-export"),
    path("measures/import/", views_io.measure_import, name="measure-import"),
]
