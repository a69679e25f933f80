"""Reads of the intake (`from covid_intake import selectors`):

- `suggestions`: visible suggestions, list and detail rows, the board, counts, combined
  assessment scores and the steering group's ranking;
- `similar`: similar suggestions and measures for a suggestion's text."""

from covid_intake.selectors.similar import (
    SIMILAR_LIMIT,
    SimilarItem,
    similar_items,
    similar_measure_scores,
    similar_suggestion_scores,
)
from covid_intake.selectors.suggestions import (
    CountTable,
    attachment_visible_to,
    board_columns,
    categories,
    combine_assessments,
    combined_score,
    combined_scores,
    counts_by_category_and_status,
    criterion_means,
    public_status,
    ranked_for_steering,
    suggestion_detail,
    suggestion_list,
    suggestions_visible_to,
    working_groups,
)

__all__ = [
    "SIMILAR_LIMIT",
    "CountTable",
    "SimilarItem",
    "attachment_visible_to",
    "board_columns",
    "categories",
    "combine_assessments",
    "combined_score",
    "combined_scores",
    "counts_by_category_and_status",
    "criterion_means",
    "public_status",
    "ranked_for_steering",
    "similar_items",
    "similar_measure_scores",
    "similar_suggestion_scores",
    "suggestion_detail",
    "suggestion_list",
    "suggestions_visible_to",
    "working_groups",
]
