"""Import and export of measures with their budget lines as one flat table (CSV or XLSX).

- `layout`: the columns (from `portfolio.measure_fields`) shared by both directions;
- `writer`: the export (CSV and XLSX, streamed);
- `cells`, `parser`: reading a file into measures, with errors named by row and column;
- `importer`: planning what a file changes and applying it all or nothing.

The names views, commands and tests use are importable from `portfolio.io` itself.
"""

from portfolio.io.importer import ImportResult, import_measures
from portfolio.io.layout import BUDGET_COLUMNS, COLUMNS, MEASURE_COLUMNS
from portfolio.io.parser import FileFormatError, RowError, read_table
from portfolio.io.writer import (
    csv_bytes,
    csv_chunks,
    export_queryset,
    export_rows,
    write_csv,
    xlsx_bytes,
    xlsx_chunks,
)

__all__ = [
    "BUDGET_COLUMNS",
    "COLUMNS",
    "MEASURE_COLUMNS",
    "FileFormatError",
    "ImportResult",
    "RowError",
    "csv_bytes",
    "csv_chunks",
    "export_queryset",
    "export_rows",
    "import_measures",
    "read_table",
    "write_csv",
    "xlsx_bytes",
    "xlsx_chunks",
]
