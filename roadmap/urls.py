from django.urls import path

from roadmap.views import analysis, editing, items, scenarios, timeline

app_name = "roadmap"
urlpatterns = [
    path("", timeline.index, name="index"),
    path("solutions/<slug:solution_code>/", timeline.index, name="solution"),
    path("actors/<int:actor_pk>/", timeline.index, name="actor"),
    path("graph/", analysis.graph_view, name="graph"),
    path("phases/", analysis.phases, name="phases"),
    path("adoption/", analysis.adoption, name="adoption"),
    path("municipalities/", analysis.municipalities, name="municipalities"),
    path("what-if/", analysis.what_if, name="what-if"),
    path("violations/", analysis.violations, name="violations"),
    path("items/<int:pk>/", items.item_detail, name="item"),
    path("items/new/", items.item_create, name="item-create"),
    path("items/<int:pk>/edit/", items.item_edit, name="item-edit"),
    path("items/<int:pk>/move/", items.item_move, name="item-move"),
    path("items/<int:item_pk>/challenges/new/", editing.challenge_edit, name="challenge-create"),
    path("challenges/<int:pk>/edit/", editing.challenge_edit, name="challenge-edit"),
    path("adoption/new/", editing.adoption_plan_edit, name="adoption-plan-create"),
    path("adoption/<int:pk>/edit/", editing.adoption_plan_edit, name="adoption-plan-edit"),
    path("publish/", items.publish, name="publish"),
    path("scenarios/", scenarios.scenarios, name="scenarios"),
    path("scenarios/<int:pk>/", scenarios.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/apply/", scenarios.scenario_apply, name="scenario-apply"),
    path(
        "scenarios/<int:pk>/slips/<int:slip_pk>/delete/",
        scenarios.scenario_slip_delete,
        name="scenario-slip-delete",
    ),
    path("dependencies/new/", editing.dependency_create, name="dependency-create"),
    path("export.svg", timeline.export_svg, name="export-svg"),
    path("export.csv", timeline.export_csv, name="export-csv"),
]
