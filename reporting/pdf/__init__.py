"""The portfolio report as a PDF, drawn with reportlab (pure Python; no browser, no system
packages). Rendered from the report's stored content only, with `invariant=1` (fixed
creation date and document id), so the same content always gives the same bytes.

- `layout`: colours, paragraph styles, text escaping and the one table style;
- `charts`: the drawings (bars, stacked status bars, traffic-light dots);
- `sections`: one function per section of the report, each returning its flowables;
- `document`: `render(content)`, the page template and the order of the sections.
"""

from reporting.pdf.document import render

__all__ = ["render"]
