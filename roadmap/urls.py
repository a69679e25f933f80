from django.urls import path

from roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.index, name="index"),
    path("solutions/<slug:solution_code>/", views.index, name="solution"),
    path("actors/<int:actor_pk>/", views.index, name="actor"),
    path("graph/", views.graph_view, name="graph"),
    path("phases/", views.phases, name="phases"),
    path("adoption/", views.adoption, name="adoption"),
    path("municipalities/", views.municipalities, name="municipalities"),
    path("what-if/", views.what_if, name="what-if"),
    path("violations/", views.violations, name="violations"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("dependencies/new/", views.dependency_create, name="dependency-create"),
    path("export.svg", views.export_svg, name="export-svg"),
    path("export.csv", views.export_csv, name="export-csv"),
]
