"""The national portfolio of measures: who owns them, what they cost, how they go.

Reference data in `reference`, measures and their reporting in `measures`, baselines in
`baselines`, the summary aggregates in `aggregates`, the actor a token is limited to in
`tokens`; every model is importable as `portfolio.models.X`."""

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
from portfolio.models.tokens import TokenActor

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
    "TokenActor",
    "WorkflowEvent",
]
