"""The council model (rådsmodellen): committees with mandates and members, their meetings,
numbered cases on the agenda, the outcome of each case and the minutes.

Committees build on everything else (portfolio, roadmap, intake, scoring); nothing below
imports committees. Effects on measures are rows here (`MeasureRecommendation`) reached
through the reverse relation `measure.committee_recommendations`.

- `committees`: `Committee`, `Membership`;
- `meetings`: `Meeting`, `Minutes`;
- `cases`: `AgendaItem` (and `MATERIAL_FIELDS`, the kinds of linked material), `Decision`,
  `MeasureRecommendation`.
"""

from committees.models.cases import MATERIAL_FIELDS, AgendaItem, Decision, MeasureRecommendation
from committees.models.committees import Committee, Membership
from committees.models.meetings import OSLO, Meeting, Minutes

__all__ = [
    "MATERIAL_FIELDS",
    "OSLO",
    "AgendaItem",
    "Committee",
    "Decision",
    "MeasureRecommendation",
    "Meeting",
    "Membership",
    "Minutes",
]
