"""THE list of a measure's fields: the one place to add a field to the form, the API, the
import/export and the API's fast list rows.

Each line names a model field of `portfolio.models.Measure`, the column it has in the import and
export file, how a cell is read and written (`kind`), whether a file must fill it in, and where
it appears. Everything else derives from this tuple:

- `MeasureForm.Meta.fields` (`portfolio/forms.py`): the fields with `form=True`;
- `MeasureSerializer.Meta.fields` (`portfolio/api/serializers.py`): those with `api=True`,
  plus the read-only fields the API adds (state, version, budget lines, …);
- the import/export columns, in this order (`portfolio/io/`): those with `io=True`, followed by
  the budget-line columns;
- the API's list rows (`portfolio/api/measure_rows.py`) and the prefetches of the list and
  the export (`select_related` / `prefetch_related` from the relation kinds).

To add a field: add it to the model (and a migration), then add ONE line here. A field of an
existing kind needs nothing else; a new kind needs its reader/writer in `portfolio/io/parser.py`
and `portfolio/io/writer.py` and its row value in `portfolio/api/measure_rows.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a value is read from a cell, written to one and shown in a list row.
CODE = "code"  # the measure's key: text, upper-cased
TEXT = "text"
CHOICE = "choice"  # one of the model field's choices (value or label)
BOOL = "bool"
DATE = "date"
MONEY = "money"  # exact NOK, two decimals
ACTOR = "actor"  # foreign key to an actor, by short name or name
ACTORS = "actors"  # many actors, by short name or name, separated by ";"
SEGMENT = "segment"  # foreign key to a segment, by name
CODES = "codes"  # many of a reference table with a `code`, separated by ";"

FOREIGN_KEYS = (ACTOR, SEGMENT)
MANY = (ACTORS, CODES)


@dataclass(frozen=True)
class MeasureField:
    name: str  # the model field
    kind: str
    required: bool = False  # an imported row must fill it in
    form: bool = True  # in the measure form
    api: bool = True  # in the API (read and write)
    io: bool = True  # a column of the import/export file
    column: str = ""  # the column header in the file; the field name when empty

    @property
    def header(self) -> str:
        return self.column or self.name


MEASURE_FIELDS: tuple[MeasureField, ...] = (
    MeasureField("code", CODE, required=True),
    MeasureField("name", TEXT, required=True),
    MeasureField("purpose", TEXT),
    MeasureField("owner", ACTOR, required=True),
    MeasureField("partners", ACTORS),
    MeasureField("measure_type", CHOICE, required=True),
    MeasureField("segment", SEGMENT),
    MeasureField("phase", CHOICE, required=True),
    MeasureField("start_date", DATE),
    MeasureField("end_date", DATE),
    MeasureField("target_groups", CODES),
    MeasureField("national_solutions", CODES),
    MeasureField("strategic_goals", CODES),
    MeasureField("criterion_digitalisation_core", BOOL),
    MeasureField("criterion_cross_actor", BOOL),
    MeasureField("criterion_strategy", BOOL),
    MeasureField("criteria_comment", TEXT),
    MeasureField("total_cost_frame", MONEY),
    MeasureField("published", BOOL),
    MeasureField("contact_name", TEXT),
    MeasureField("contact_email", TEXT),
)

FORM_FIELDS = [f.name for f in MEASURE_FIELDS if f.form]
API_FIELDS = [f.name for f in MEASURE_FIELDS if f.api]
IO_FIELDS = tuple(f for f in MEASURE_FIELDS if f.io)
FOREIGN_KEY_FIELDS = [f.name for f in MEASURE_FIELDS if f.kind in FOREIGN_KEYS]
MANY_FIELDS = [f.name for f in MEASURE_FIELDS if f.kind in MANY]


def by_kind(*kinds: str) -> tuple[str, ...]:
    """Names of the import/export fields of these kinds, in declaration order."""
    return tuple(f.name for f in IO_FIELDS if f.kind in kinds)
