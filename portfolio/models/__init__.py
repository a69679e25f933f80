"""The national portfolio of measures: who owns them, what they cost, how they go.

Reference data in `reference`, measures and their reporting in `measures`, baselines in
`baselines`, the summary aggregates in `aggregates`; every model is importable as `portfolio.models.X`."""

from portfolio.models.aggregates import SummaryCell
from portfolio.models.baselines import Baseline, BaselineMeasure
from portfolio.models.measures import (
    MONEY,
    BudgetLine,
    Measure,
    ReportingPeriod,
    StatusReport,
    WorkflowEvent,
)
from portfolio.models.reference import (
    Actor,
    NationalSolution,
    Segment,
    StrategicGoal,
    TargetGroup,
)

__all__ = [
    "MONEY",
    "Actor",
    "Baseline",
    "BaselineMeasure",
    "BudgetLine",
    "Measure",
    "NationalSolution",
    "ReportingPeriod",
    "Segment",
    "StatusReport",
    "StrategicGoal",
    "SummaryCell",
    "TargetGroup",
    "WorkflowEvent",
]
