"""ECharts options for the supervision pages (drawn by static/js/yinren.js with the SVG renderer).

Labels come in already translated: these functions only shape data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .board import Judged
from .schemas import PopulationYear

GREEN, AMBER, RED, GREY, BLUE = "#1b7f3b", "#b26a00", "#c0392b", "#6b7280", "#1f5fa8"
STATUS_COLOURS = {"green": GREEN, "amber": AMBER, "red": RED, "no_data": GREY, "platform": BLUE}


def _base(legend: Sequence[str]) -> dict[str, Any]:
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"data": list(legend), "bottom": 0},
        "grid": {"left": 56, "right": 16, "top": 24, "bottom": 56, "containLabel": True},
    }


def population(rows: Sequence[PopulationYear], labels: Mapping[str, str]) -> dict[str, Any]:
    """Published figures against the straight path from the census to 3.75 million, and yearly growth."""
    years = [str(row.year) for row in rows]
    option = _base([labels["actual"], labels["required"], labels["actual_growth"], labels["required_growth"]])
    option.update(
        xAxis={"type": "category", "data": years},
        yAxis=[
            {"type": "value", "name": labels["people"], "min": 3_300_000, "scale": True},
            {"type": "value", "name": labels["growth"], "splitLine": {"show": False}},
        ],
        series=[
            {
                "name": labels["actual"],
                "type": "line",
                "data": [row.actual for row in rows],
                "connectNulls": True,
                "itemStyle": {"color": BLUE},
                "label": {"show": True, "position": "top"},
            },
            {
                "name": labels["required"],
                "type": "line",
                "data": [row.required for row in rows],
                "lineStyle": {"type": "dashed"},
                "itemStyle": {"color": RED},
            },
            {
                "name": labels["actual_growth"],
                "type": "bar",
                "yAxisIndex": 1,
                "data": [row.actual_growth for row in rows],
                "itemStyle": {"color": "#7fa7d6"},
            },
            {
                "name": labels["required_growth"],
                "type": "bar",
                "yAxisIndex": 1,
                "data": [row.required_growth if row.year > rows[0].year else None for row in rows],
                "itemStyle": {"color": "#e3a29b"},
            },
        ],
    )
    return option


def progress(judged: Judged, labels: Mapping[str, str]) -> dict[str, Any]:
    """A target over time: its reported values, the expected path of the period and the forecast."""
    period, assessment = judged.period, judged.assessment
    reported = [[r.as_of.isoformat(), r.value] for r in judged.reports]
    expected = [[period.start.isoformat(), float(period.baseline)], [period.end.isoformat(), float(period.target)]]
    series: list[dict[str, Any]] = [
        {"name": labels["reported"], "type": "line", "data": reported, "itemStyle": {"color": BLUE}, "symbolSize": 8},
        {
            "name": labels["expected"],
            "type": "line",
            "data": expected,
            "lineStyle": {"type": "dashed"},
            "itemStyle": {"color": GREY},
            "symbol": "none",
        },
    ]
    in_period = [r for r in judged.reports if period.start <= r.as_of <= period.end]
    if assessment.forecast is not None and in_period:
        last = in_period[-1]
        series.append(
            {
                "name": labels["forecast"],
                "type": "line",
                "data": [[last.as_of.isoformat(), last.value], [period.end.isoformat(), float(assessment.forecast)]],
                "lineStyle": {"type": "dotted"},
                "itemStyle": {"color": STATUS_COLOURS[assessment.status.value]},
            }
        )
    option = _base([s["name"] for s in series])
    option.update(
        xAxis={"type": "time"},
        yAxis={"type": "value", "scale": judged.target.kind == "count" and judged.target.baseline_value > 0},
        series=series,
    )
    return option


def completion(judged: Sequence[Judged], labels: Mapping[str, str], name_of: Any) -> dict[str, Any]:
    """Each target's latest value as a share of its period's target, coloured by status."""
    rows = [j for j in judged if j.target.kind != "status"]
    data = []
    for j in rows:
        actual = j.assessment.actual
        share = 0.0 if actual is None or j.period.target == 0 else float(actual / j.period.target) * 100
        data.append({"value": round(share, 1), "itemStyle": {"color": STATUS_COLOURS[j.assessment.status.value]}})
    option = _base([])
    option.update(
        tooltip={"trigger": "item"},
        grid={"left": 8, "right": 24, "top": 16, "bottom": 24, "containLabel": True},
        xAxis={"type": "value", "max": 120, "name": "%"},
        yAxis={"type": "category", "data": [name_of(j.target) for j in rows], "inverse": True},
        series=[
            {"name": labels["completion"], "type": "bar", "data": data, "label": {"show": True, "position": "right"}}
        ],
    )
    option.pop("legend")
    return option
