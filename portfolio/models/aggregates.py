"""Aggregates the database keeps as writes happen (see `portfolio.aggregates`)."""

from __future__ import annotations

from django.db import models


class SummaryCell(models.Model):
    """Sums behind the portfolio summary for one budget year and owner × segment × phase ×
    published of the measures in the portfolio. Written only by database triggers; see
    `portfolio.aggregates` (plain ids, no foreign keys: segment 0 means none)."""

    year = models.PositiveSmallIntegerField()
    owner_id = models.BigIntegerField()
    segment_id = models.BigIntegerField()
    phase = models.CharField(max_length=24)
    published = models.BooleanField()
    measures = models.IntegerField(default=0)
    planned = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    investment = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    operating = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    actual = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "owner_id", "segment_id", "phase", "published"],
                name="summary_cell_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.owner_id}/{self.segment_id}/{self.phase}/{self.published}"
