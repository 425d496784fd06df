"""The spending summary's chart: Clever units per day as a small PNG bar chart, drawn with Pillow.

Pillow is imported when a chart is drawn, not when Relais starts (decisions "Spending chart"). The
picture is plain: one bar per day, the largest day's units written above its bar, the first and
last days under the axis; 640 × 320 pixels, small enough for Slack to show inline.
"""

from __future__ import annotations

import io
from datetime import date

__all__ = ["CHART_SIZE", "units_chart"]

CHART_SIZE = (640, 320)
_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 48, 16, 36, 36
_BAR, _AXIS, _TEXT, _BACKGROUND = (74, 21, 75), (120, 120, 120), (30, 30, 30), (255, 255, 255)


def units_chart(days: list[tuple[date, int]], title: str) -> bytes:
    """A PNG: one bar per (day, units), scaled to the largest day."""
    from PIL import Image, ImageDraw  # lazily: only /relais spend draws

    width, height = CHART_SIZE
    image = Image.new("RGB", CHART_SIZE, _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((_MARGIN_LEFT, 10), title, fill=_TEXT)
    left, right = _MARGIN_LEFT, width - _MARGIN_RIGHT
    top, bottom = _MARGIN_TOP, height - _MARGIN_BOTTOM
    draw.line([(left, bottom), (right, bottom)], fill=_AXIS)
    draw.line([(left, top), (left, bottom)], fill=_AXIS)
    most = max((units for _, units in days), default=0)
    draw.text((4, top - 6), f"{most:,}", fill=_TEXT)
    draw.text((4, bottom - 6), "0", fill=_TEXT)
    if days:
        step = (right - left) / len(days)
        for index, (_, units) in enumerate(days):
            if units <= 0 or most <= 0:
                continue
            x0 = left + index * step + step * 0.15
            x1 = max(x0 + 1, left + (index + 1) * step - step * 0.15)
            y0 = bottom - (bottom - top) * units / most
            draw.rectangle([(x0, y0), (x1, bottom - 1)], fill=_BAR)
        draw.text((left, bottom + 8), f"{days[0][0]:%d/%m}", fill=_TEXT)
        draw.text((right - 36, bottom + 8), f"{days[-1][0]:%d/%m}", fill=_TEXT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
