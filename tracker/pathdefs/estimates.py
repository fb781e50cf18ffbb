"""Time estimates: `45m`, `2h`, `3d`, `1-3w`, `2-6mo`."""

from __future__ import annotations

from typing import NamedTuple

from tracker.pathdefs.diagnostics import shown
from tracker.pathdefs.syntax import ESTIMATE_PATTERN

MINUTES_PER_UNIT = {"m": 1, "h": 60, "d": 60 * 24, "w": 60 * 24 * 7, "mo": 60 * 24 * 30}
UNIT_NAMES = {"m": "minute", "h": "hour", "d": "day", "w": "week", "mo": "month"}
# Longer than a hundred years is a slip of the keyboard; the bound also keeps every sum of
# estimates a finite number (a 1 and 305 zeros is a float, but not once made minutes).
MAX_MINUTES = 100 * 365 * MINUTES_PER_UNIT["d"]


class EstimateError(ValueError):
    pass


class Estimate(NamedTuple):
    low: float
    high: float
    unit: str

    @property
    def minutes(self) -> float:
        """What the estimate counts for in sums: the midpoint of a range."""
        return (self.low + self.high) / 2 * MINUTES_PER_UNIT[self.unit]

    def __str__(self) -> str:
        low, high = _number(self.low), _number(self.high)
        return f"{low}{self.unit}" if low == high else f"{low}-{high}{self.unit}"


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def parse_estimate(text: str) -> Estimate:
    match = ESTIMATE_PATTERN.fullmatch(text)
    if match is None:
        raise EstimateError(
            f"invalid estimate '{shown(text)}'; write a number and a unit (m, h, d, w, mo), "
            "or a range of one unit such as 1-3w"
        )
    low = float(match[1])
    high = float(match[2]) if match[2] is not None else low
    if high * MINUTES_PER_UNIT[match[3]] > MAX_MINUTES:  # infinity included
        raise EstimateError(f"estimate '{shown(text)}' is too large")
    if high < low:
        raise EstimateError(
            f"estimate range '{text}' must go from the smaller to the larger number"
        )
    return Estimate(low, high, match[3])
