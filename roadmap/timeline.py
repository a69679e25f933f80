"""Picture geometry as pure functions: plain rows in, SVG coordinates out (templates draw)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from roadmap import graph

LABEL_WIDTH = 330
ROW = 26
BAR = 16
TOP = 28


@dataclass(frozen=True)
class Bar:
    id: int
    label: str
    actor: str
    kind: str
    decided: bool
    critical: bool
    moved: bool
    start: dt.date
    end: dt.date
    x: float
    width: float
    y: float
    url: str = ""
    move_url: str = ""
    version: int = 0

    @property
    def mid(self) -> float:
        return self.y + BAR / 2

    @property
    def milestone_points(self) -> str:
        cx, cy, r = self.x, self.mid, BAR / 2 + 1
        return f"{cx},{cy - r} {cx + r},{cy} {cx},{cy + r} {cx - r},{cy}"


@dataclass(frozen=True)
class Arrow:
    path: str
    critical: bool
    scheduling: bool
    label: str


def _x(day: dt.date, first: dt.date, scale: float) -> float:
    return round(LABEL_WIDTH + (day - first).days * scale, 1)


def gantt(
    rows: list[dict[str, Any]],
    dependencies: list[dict[str, Any]],
    *,
    today: dt.date,
    width: int = 1100,
) -> dict[str, Any]:
    """Lay out a timeline: one row per item, years on the x axis, elbow arrows from the
    predecessor's end (start for start-to-start) to the successor's start (end for
    finish-to-finish), and a line for today when it falls inside the range.

    rows: {id, label, actor, kind, decided, critical, moved?, start, end, url?}
    dependencies: {predecessor, successor, kind, critical}
    """
    if not rows:
        return {"bars": [], "arrows": [], "years": [], "width": width, "height": TOP + ROW}
    first = dt.date(min(today, *(r["start"] for r in rows)).year, 1, 1)
    last = dt.date(max(today, *(r["end"] for r in rows)).year + 1, 1, 1)
    scale = (width - LABEL_WIDTH - 10) / max(1, (last - first).days)
    bars: list[Bar] = []
    for k, r in enumerate(rows):
        x = _x(r["start"], first, scale)
        bars.append(
            Bar(
                id=r["id"],
                label=r["label"],
                actor=r.get("actor", ""),
                kind=r.get("kind", "delivery"),
                decided=bool(r.get("decided")),
                critical=bool(r.get("critical")),
                moved=bool(r.get("moved")),
                start=r["start"],
                end=r["end"],
                x=x,
                width=max(3.0, _x(r["end"], first, scale) - x),
                y=TOP + k * ROW + (ROW - BAR) / 2,
                url=r.get("url", ""),
                move_url=r.get("move_url", ""),
                version=r.get("version", 0),
            )
        )
    by_id = {b.id: b for b in bars}
    arrows: list[Arrow] = []
    for d in dependencies:
        p, s = by_id.get(d["predecessor"]), by_id.get(d["successor"])
        if p is None or s is None:
            continue
        x1 = p.x if d["kind"] == graph.START_TO_START else p.x + p.width
        x2 = s.x + s.width if d["kind"] == graph.FINISH_TO_FINISH else s.x
        y1, y2 = p.mid, s.mid
        bend = max(x1, x2) + 8 if d["kind"] == graph.FINISH_TO_FINISH else x1 + 6
        path = f"M{x1},{y1} H{bend} V{y2} H{x2}"
        arrows.append(
            Arrow(
                path=path,
                critical=bool(d.get("critical")),
                scheduling=d["kind"] in graph.SCHEDULING_KINDS,
                label=d.get("label", ""),
            )
        )
    years = [
        {"year": y, "x": _x(dt.date(y, 1, 1), first, scale)}
        for y in range(first.year, last.year + 1)
    ]
    today_x = _x(today, first, scale)
    return {
        "bars": bars,
        "arrows": arrows,
        "years": years,
        "today_x": today_x,
        "today": today,
        "width": width,
        "day_px": round(scale, 6),
        "label_width": LABEL_WIDTH,
        "height": TOP + len(bars) * ROW + 8,
    }


def graph_picture(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    layout: dict[int, tuple[int, int]],
    *,
    column: int = 230,
    row: int = 56,
    box_width: int = 200,
    box_height: int = 40,
) -> dict[str, Any]:
    """Place boxes on the layered layout and connect them with curves (left to right)."""
    boxes = []
    for n in nodes:
        layer, r = layout[n["id"]]
        boxes.append({**n, "x": 10 + layer * column, "y": 10 + r * row})
    by_id = {b["id"]: b for b in boxes}
    lines = []
    for e in edges:
        p, s = by_id.get(e["predecessor"]), by_id.get(e["successor"])
        if p is None or s is None:
            continue
        x1, y1 = p["x"] + box_width, p["y"] + box_height / 2
        x2, y2 = s["x"], s["y"] + box_height / 2
        if x2 <= x1:  # same layer (relation-only edge): loop out to the right
            x2, y2 = s["x"] + box_width, s["y"] + box_height / 2
            path = f"M{x1},{y1} C{x1 + 40},{y1} {x2 + 40},{y2} {x2},{y2}"
        else:
            mid = (x1 + x2) / 2
            path = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"
        lines.append({**e, "path": path})
    width = max((b["x"] for b in boxes), default=0) + box_width + 60
    height = max((b["y"] for b in boxes), default=0) + box_height + 20
    return {
        "boxes": boxes,
        "lines": lines,
        "width": width,
        "height": height,
        "box_width": box_width,
        "box_height": box_height,
    }
