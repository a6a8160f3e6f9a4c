"""Bounding boxes of the text in matplotlib's SVG output, to find overlapping text.

Matplotlib draws text in SVG as glyph outlines (``svg.fonttype = "path"``): each text
object is a ``<g id="text_N">`` whose ``<use>`` elements place glyphs defined once as
``<path id="DejaVuSans-…">``. The box of a glyph is the box of its outline's points
(on- and off-curve; TrueType glyphs have points at their extrema, so this is tight),
carried through every ``transform`` on the way down from the root. The box of a text
object is the union of its glyphs' boxes. Two text objects overlap when their boxes
share an area wider and taller than :data:`TOLERANCE` points.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: Boxes may touch or share less than this many points (1/72 in) in either direction.
TOLERANCE = 0.5

_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate)\s*\(([^)]*)\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_transform(text: str | None) -> np.ndarray:
    """The 3×3 affine matrix of an SVG ``transform`` attribute."""
    m = np.eye(3)
    for kind, args in _TRANSFORM.findall(text or ""):
        v = [float(a) for a in _NUMBER.findall(args)]
        if kind == "matrix":
            t = np.array([[v[0], v[2], v[4]], [v[1], v[3], v[5]], [0, 0, 1]])
        elif kind == "translate":
            t = np.array([[1, 0, v[0]], [0, 1, v[1] if len(v) > 1 else 0], [0, 0, 1]])
        elif kind == "scale":
            sy = v[1] if len(v) > 1 else v[0]
            t = np.diag([v[0], sy, 1.0])
        else:  # rotate(angle) about the origin
            c, s = math.cos(math.radians(v[0])), math.sin(math.radians(v[0]))
            t = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
        m = m @ t
    return m


def _path_points(d: str) -> np.ndarray:
    numbers = [float(n) for n in _NUMBER.findall(d)]
    return np.array(numbers[: len(numbers) // 2 * 2]).reshape(-1, 2)


@dataclass(frozen=True)
class TextBox:
    """A text object of the figure: its text (from matplotlib's comment) and its box."""

    label: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: TextBox) -> tuple[float, float]:
        """Width and height of the intersection (negative: a gap)."""
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0),
            min(self.y1, other.y1) - max(self.y0, other.y0),
        )


def text_boxes(svg: str) -> list[TextBox]:
    """The box of every text object in a matplotlib SVG, in SVG points."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg, parser=parser)
    glyphs: dict[str, np.ndarray] = {}
    for path in root.iter(f"{SVG}path"):
        if path.get("id") and path.get("d"):
            points = _path_points(path.get("d", ""))
            if len(points):
                t = parse_transform(path.get("transform"))
                glyphs[path.get("id")] = (t @ np.c_[points, np.ones(len(points))].T)[:2].T

    boxes: list[TextBox] = []

    def collect(node: ET.Element, m: np.ndarray, points: list[np.ndarray]) -> None:
        for child in node:
            t = m @ parse_transform(child.get("transform"))
            if child.tag == f"{SVG}use":
                ref = child.get(XLINK_HREF, child.get("href", "")).lstrip("#")
                if ref in glyphs:
                    t = t @ parse_transform(
                        f"translate({child.get('x', '0')} {child.get('y', '0')})"
                    )
                    g = glyphs[ref]
                    points.append((t @ np.c_[g, np.ones(len(g))].T)[:2].T)
            elif child.tag == f"{SVG}path" and not child.get("id") and child.get("d"):
                p = _path_points(child.get("d", ""))
                if len(p):
                    points.append((t @ np.c_[p, np.ones(len(p))].T)[:2].T)
            elif child.tag == f"{SVG}defs":
                continue
            else:
                collect(child, t, points)

    def walk(node: ET.Element, m: np.ndarray) -> None:
        for child in node:
            t = m @ parse_transform(child.get("transform"))
            if child.tag == f"{SVG}g" and (child.get("id") or "").startswith("text_"):
                points: list[np.ndarray] = []
                collect(child, t, points)
                if points:
                    allp = np.vstack(points)
                    label = "".join(
                        c.text or "" for c in child.iter() if c.tag is ET.Comment
                    ).strip() or child.get("id", "")
                    lo, hi = allp.min(axis=0), allp.max(axis=0)
                    boxes.append(TextBox(label, lo[0], lo[1], hi[0], hi[1]))
            else:
                walk(child, t)

    walk(root, np.eye(3))
    return boxes


def overlapping_text(svg: str, tolerance: float = TOLERANCE) -> list[tuple[str, str]]:
    """Pairs of text objects of the SVG whose boxes overlap by more than ``tolerance``."""
    boxes = text_boxes(svg)
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            w, h = a.overlap(b)
            if w > tolerance and h > tolerance:
                pairs.append((a.label, b.label))
    return pairs
