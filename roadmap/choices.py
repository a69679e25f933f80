from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap import graph


class ItemKind(models.TextChoices):
    DELIVERY = "delivery", _("Delivery")
    MILESTONE = "milestone", _("Milestone")
    PHASE = "phase", _("Phase")


class Decision(models.TextChoices):
    """Decided plans are committed; tentative ones are the actor's current intention."""

    DECIDED = "decided", _("Decided")
    TENTATIVE = "tentative", _("Tentative")


class DependencyKind(models.TextChoices):
    FINISH_TO_START = graph.FINISH_TO_START, _("Prerequisite (finish to start)")
    START_TO_START = graph.START_TO_START, _("Start to start")
    FINISH_TO_FINISH = graph.FINISH_TO_FINISH, _("Finish to finish")
    DELIVERS_CAPABILITY = graph.DELIVERS_CAPABILITY, _("Delivers a capability to")
    ADOPTS_SOLUTION = graph.ADOPTS_SOLUTION, _("Adopts a national solution")
    REUSE = graph.REUSE, _("Reuse")
    OVERLAP = graph.OVERLAP, _("Overlap")
    COMPETES_FOR_RESOURCES = graph.COMPETES_FOR_RESOURCES, _("Competes for the same resources")


SCHEDULING_KINDS = tuple(sorted(graph.SCHEDULING_KINDS))


class AdoptionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    INTRODUCED = "introduced", _("Introduced")
    POSTPONED = "postponed", _("Postponed")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
