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
    path("items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/move/", views.item_move, name="item-move"),
    path("items/<int:item_pk>/challenges/new/", views.challenge_edit, name="challenge-create"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge-edit"),
    path("adoption/new/", views.adoption_plan_edit, name="adoption-plan-create"),
    path("adoption/<int:pk>/edit/", views.adoption_plan_edit, name="adoption-plan-edit"),
    path("publish/", views.publish, name="publish"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/apply/", views.scenario_apply, name="scenario-apply"),
    path(
        "scenarios/<int:pk>/slips/<int:slip_pk>/delete/",
        views.scenario_slip_delete,
        name="scenario-slip-delete",
    ),
    path("dependencies/new/", views.dependency_create, name="dependency-create"),
    path("export.svg", views.export_svg, name="export-svg"),
    path("export.csv", views.export_csv, name="export-csv"),
]
