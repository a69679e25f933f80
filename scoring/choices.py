from django.db import models
from django.utils.translation import gettext_lazy as _

from covid_intake.criteria import CODES as ASSESSMENT_CRITERIA


class Target(models.TextChoices):
    """What a scoring model scores."""

    MEASURE = "measure", _("Measure")
    SUGGESTION = "suggestion", _("Suggestion")


class Source(models.TextChoices):
    """Where a criterion's raw value comes from (read per target, see scoring.formula)."""

    STRATEGY_FIT = "strategy_fit", _("Strategic fit")
    BENEFIT_TARGET_GROUPS = "benefit_target_groups", _("Benefit for the target groups")
    FEASIBILITY_MATURITY = "feasibility_maturity", _("Feasibility / maturity")
    COST = "cost", _("Cost (lower is better)")
    RISK = "risk", _("Risk (lower is better)")
    STATUS = "status", _("Latest overall status")
    BENEFIT_CITIZENS = "benefit_citizens", _("Benefit for citizens")
    BENEFIT_HEALTH_PERSONNEL = "benefit_health_personnel", _("Benefit for health personnel")
    BENEFIT_AUTHORITIES = "benefit_authorities", _("Benefit for authorities")
    DOABLE_THIS_YEAR = "doable_this_year", _("Can give benefits this year")
    FEASIBILITY = "feasibility", _("Feasibility")
    NO_OVERLAP = "no_overlap", _("No overlap (assessed)")
    OVERLAP_FINDING = "overlap_finding", _("Overlap finding by the office")


MEASURE_SOURCES = (
    Source.STRATEGY_FIT,
    Source.BENEFIT_TARGET_GROUPS,
    Source.FEASIBILITY_MATURITY,
    Source.COST,
    Source.RISK,
    Source.STATUS,
)
# the assessment criteria in their published order (covid_intake.criteria), then the finding
SUGGESTION_SOURCES = (*(Source(code) for code in ASSESSMENT_CRITERIA), Source.OVERLAP_FINDING)
SOURCES_FOR = {Target.MEASURE: MEASURE_SOURCES, Target.SUGGESTION: SUGGESTION_SOURCES}


class JobKind(models.TextChoices):
    RECOMPUTE = "recompute", _("Recompute scores")
    OPTIMISE = "optimise", _("Best portfolio within budget")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
