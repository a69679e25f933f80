from django.db import models
from django.utils.translation import gettext_lazy as _


class ActorKind(models.TextChoices):
    REGIONAL_HEALTH_AUTHORITY = "rha", _("Regional health authority")
    HEALTH_TRUST = "health_trust", _("Health trust")
    MUNICIPALITY = "municipality", _("Municipality")
    KS = "ks", _("KS")
    NATIONAL_AGENCY = "national_agency", _("National agency")
    OTHER = "other", _("Other")


class MeasureType(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    PROJECT = "project", _("Project")
    OTHER = "other", _("Other")


class Phase(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCEPT = "concept", _("Concept")
    PLANNING = "planning", _("Planning")
    EXECUTION = "execution", _("Execution")
    CLOSING = "closing", _("Closing")
    BENEFIT_REALISATION = "benefit_realisation", _("Benefit realisation")
    STOPPED = "stopped", _("Stopped")


class BudgetKind(models.TextChoices):
    INVESTMENT = "investment", _("Project/investment cost")
    OPERATING = "operating", _("Operating cost")


class FundingSource(models.TextChoices):
    OWN = "own", _("Own budget")
    STATE = "state", _("State budget (national funding)")
    JOINT = "joint", _("Joint funding")
    OTHER = "other", _("Other")


class TrafficLight(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    NOT_REPORTED = "not_reported", _("Not reported")


class FollowUpLevel(models.TextChoices):
    JOINT_GOVERNANCE = "joint_governance", _("Joint governance")
    COORDINATION = "coordination", _("Coordination")
    INSIGHT = "insight", _("Insight")


class MeasureState(models.TextChoices):
    """Where a measure is in the submission workflow."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class TargetGroupCode(models.TextChoices):
    CITIZENS = "citizens", _("Citizens")
    HEALTH_PERSONNEL = "health_personnel", _("Health personnel")
    AUTHORITIES = "authorities", _("Authorities")
