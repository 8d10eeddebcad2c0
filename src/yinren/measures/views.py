"""The public pages about the notice: what Hohhot offers a newcomer (/) and one measure (/measures/{id})."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from ..errors import NotFound
from ..models import utcnow
from ..policies import load_policy
from ..rules import Measure, ParameterSet, Policy, label, parameters_named
from ..web.auth import Viewer
from ..web.i18n import current_lang, pick
from ..web.templating import render, use_request_lang
from .notice import GROUP_EN, GROUP_HEADINGS, GROUP_HEADINGS_EN, GROUPS, NOTICE_ONLY, NoticeMeasure, departments_text

router = APIRouter(tags=["pages"])
MeasureId = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9_]+$")]


@dataclass(frozen=True, slots=True)
class Item:
    """One measure on the home page, computed by the engine or a service of the notice."""

    id: str
    number: int
    clause: str
    title: str
    summary: str
    quote: str
    departments: str
    beneficiary: str  # person | enterprise | everyone
    computed: bool


def _computed(measure: Measure) -> Item:
    return Item(
        id=measure.id,
        number=int(measure.id[1:3]),
        clause=measure.clause,
        title=pick(measure.title_zh, measure.title_en),
        summary=pick(measure.summary_zh, measure.summary_en),
        quote=measure.quote,
        departments=departments_text(measure.departments),
        beneficiary=measure.beneficiary,
        computed=True,
    )


def _service(measure: NoticeMeasure) -> Item:
    return Item(
        id=measure.id,
        number=measure.number,
        clause=measure.clause,
        title=pick(measure.title_zh, measure.title_en),
        summary=pick(measure.summary_zh, measure.summary_en),
        quote=measure.quote,
        departments=departments_text(measure.departments),
        beneficiary="everyone",
        computed=False,
    )


def grouped_items(policy: Policy) -> list[tuple[str, str, list[Item]]]:
    """(group id, heading, items in the notice's order) for the notice's four groups."""
    items = [(m.group, _computed(m)) for m in policy.measures] + [(m.group, _service(m)) for m in NOTICE_ONLY]
    english = current_lang.get() == "en"
    groups = []
    for group in GROUPS:
        members = sorted((item for name, item in items if name == group), key=lambda item: (item.number, item.id))
        heading = GROUP_HEADINGS_EN[group] if english else GROUP_HEADINGS[group]
        groups.append((GROUP_EN[group].lower().split()[0], heading, members))
    return groups


@router.get("/")
def home(request: Request, viewer: Viewer) -> Response:
    use_request_lang(request)
    policy = load_policy()
    context = {"groups": grouped_items(policy), "issued_on": policy.issued_on}
    return render(request, "portal/home.html", context)


# A bracketed aside quoting a unit's facts, "（现{f.age}岁）": meaningless before there is a person.
_FACT_ASIDE = re.compile(r"[（(][^（）()]*\{f\.[a-z_0-9]+\}[^（）()]*[）)]")


class _General(string.Formatter):
    """A condition's text for everyone: parameters as in force, facts left out."""

    def __init__(self, measure_id: str, parameters: ParameterSet, as_of: date, lang: str) -> None:
        self.measure_id, self.parameters, self.as_of, self.lang = measure_id, parameters, as_of, lang

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[str, str]:
        space, _, name = field_name.partition(".")
        if space != "p":
            return "…", field_name
        return parameter_text(
            self.parameters, name if "." in name else f"{self.measure_id}.{name}", self.as_of, self.lang
        ), field_name


def parameter_text(parameters: ParameterSet, name: str, as_of: date, lang: str, unit: bool = False) -> str:
    """A parameter's value in force; numbers whose unit the text itself says are left bare."""
    parameter = parameters[name]
    try:
        value = parameter.at(as_of)
    except Exception:  # a parameter closed at that date
        return "—"
    if isinstance(value, tuple | list):
        return ("、" if lang == "zh" else ", ").join(label(str(item), lang) for item in value)
    if not unit and parameter.unit in ("years", "age", "months", "count", "m2"):
        return str(value)
    return str(parameter.display(value, lang))


def general_text(template: str, measure_id: str, parameters: ParameterSet, as_of: date, lang: str) -> str:
    return _General(measure_id, parameters, as_of, lang).format(_FACT_ASIDE.sub("", template)) if template else ""


def _today(policy: Policy) -> date:
    return max(utcnow().date(), policy.effective_from)


def _parameters_of(policy: Policy, measure: Measure) -> list[str]:
    """The measure's own parameters and every other one its texts refer to (m10 purchase reads m10 rent's)."""
    named = [name for name in policy.parameters if name.startswith(measure.id + ".")]
    texts = [text for c in measure.conditions for text in (c.zh, c.en)] + [measure.value_zh, measure.value_en]
    for text in texts:
        named.extend(n for n in parameters_named(text, measure.id) if n in policy.parameters and n not in named)
    return named


def measure_context(policy: Policy, measure: Measure, lang: str) -> dict[str, object]:
    today = _today(policy)
    conditions = [
        {
            "name": condition.name,
            "clause": condition.clause,
            "text": general_text(pick(condition.zh, condition.en), measure.id, policy.parameters, today, lang),
        }
        for condition in measure.conditions
    ]
    parameters = []
    for name in _parameters_of(policy, measure):
        parameter = policy.parameters[name]
        parameters.append(
            {
                "name": name,
                "label": pick(parameter.label_zh, parameter.label_en),
                "value": parameter_text(policy.parameters, name, today, lang, unit=True),
                "reference": parameter.reference,
                "interpretation": parameter.interpretation,
            }
        )
    value_text = general_text(pick(measure.value_zh, measure.value_en), measure.id, policy.parameters, today, lang)
    return {
        "item": _computed(measure),
        "measure": measure,
        "conditions": conditions,
        "parameters": parameters,
        "value_text": value_text,
        "review": pick(measure.review_zh, measure.review_en) if measure.review_zh else None,
        "today": today,
    }


@router.get("/measures/{measure_id}")
def measure_page(request: Request, measure_id: MeasureId, viewer: Viewer) -> Response:
    lang = use_request_lang(request)
    policy = load_policy()
    computed = next((m for m in policy.measures if m.id == measure_id), None)
    if computed is not None:
        return render(request, "portal/measure.html", measure_context(policy, computed, lang))
    service = next((m for m in NOTICE_ONLY if m.id == measure_id), None)
    if service is None:
        raise NotFound(f"措施 {measure_id}", f"Measure {measure_id}")
    return render(request, "portal/measure.html", {"item": _service(service), "measure": None})
