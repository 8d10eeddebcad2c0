"""Row-number arrays to polars frames with the contract's column names and types."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from yinren.rules import schema

from ._calendar import NULL
from ._enterprises import Certifications, Dorms, Firms
from ._housing import Enrolments, Purchases
from ._ids import Chars, digits, strings, take_rows
from ._people import Population
from ._receipts import Block
from ._work import Jobs

Ints = npt.NDArray[np.int64]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞鑫宇"
    "浩然子涵欣怡梓轩雨佳琪晨博文思远乐瑶婷雪峰海波巴特尔其木格乌兰娜仁图雅"
)
FIRM_WORDS = "青城敕勒川大召昭君塞上草原乳都云中金桥如意盛乐北疆鸿达蒙元阴山黄河"
FIRM_SUFFIX = ("科技有限公司", "个体工商户", "服务中心", "事务中心", "协会")
DAYCARE_SUFFIX = "托育服务有限公司"


def dates(name: str, days: npt.ArrayLike) -> pl.Series:
    """A Date series from day numbers, null where NULL."""
    values = np.asarray(days, dtype=np.int64)
    null = values == NULL
    series = pl.Series(name, np.where(null, 0, values).astype(np.int32)).cast(pl.Date)
    return series.scatter(np.flatnonzero(null), None) if null.any() else series


def lookup(name: str, values: Chars | pl.Series, rows: npt.ArrayLike) -> pl.Series:
    """values[rows], null where the row is -1; ids as an ASCII matrix gather without polars."""
    r = np.asarray(rows, dtype=np.int64)
    if isinstance(values, np.ndarray):
        if values.shape[0] == 0:
            return pl.Series(name, [None] * r.size, dtype=pl.String)
        return strings(take_rows(values, np.maximum(r, 0)), name, r >= 0)
    out = values.gather(np.maximum(r, 0)).alias(name)
    missing = np.flatnonzero(r < 0)
    return out.scatter(missing, None) if missing.size else out


def labels(name: str, table: tuple[str, ...], codes: npt.ArrayLike) -> pl.Series:
    return pl.Series(name, table).gather(np.asarray(codes, dtype=np.int64))


def money(name: str, values: npt.ArrayLike) -> pl.Series:
    return pl.Series(name, np.asarray(values, dtype=np.float64), nan_to_null=True)


def _utf8_table(chars: str) -> Chars:
    table = np.frombuffer(chars.encode("utf-8"), dtype=np.uint8).reshape(len(chars), 3)
    assert table.shape[0] == len(chars)  # every character is 3 bytes in UTF-8
    return table


def person_names(rng: np.random.Generator, n: int, planted: list[str]) -> pl.Series:
    """Random two- or three-character names, built as one UTF-8 buffer; planted persons keep their
    case names (placed last)."""
    random = n - len(planted)
    surnames, given = _utf8_table(SURNAMES), _utf8_table(GIVEN)
    parts = [
        take_rows(surnames, rng.integers(0, len(SURNAMES), random)),
        take_rows(given, rng.integers(0, len(GIVEN), random)),
        take_rows(given, rng.integers(0, len(GIVEN), random)),
    ]
    three = rng.random(random) >= 0.3
    keep = np.ones((random, 9), dtype=bool)
    keep[:, 6:] = three[:, None]
    encoded = [name.encode("utf-8") for name in planted]  # a few dozen
    lengths = np.concatenate([np.where(three, 9, 6), [len(name) for name in encoded]]).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    extra = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    data = np.concatenate([np.concatenate(parts, axis=1)[keep], extra])  # each name's bytes in row order
    array = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
    return pl.Series("name", array, dtype=pl.String)


def firm_names(firms: Firms, planted: list[str]) -> pl.Series:
    random = firms.count - len(planted)
    words = np.array(list(FIRM_WORDS))
    number = strings(digits(np.arange(random), 6))
    kind = firms.kind[:random].astype(np.int64)
    frame = pl.DataFrame(
        {
            "w": pl.Series(list(words)).gather(np.arange(random) % len(words)),
            "n": number,
            "s": labels("s", FIRM_SUFFIX, kind),
            "daycare": firms.daycare[:random],
        }
    ).with_columns(pl.when("daycare").then(pl.lit(DAYCARE_SUFFIX)).otherwise("s").alias("s"))
    names = frame.select(pl.concat_str([pl.lit("呼和浩特市"), "w", "n", "s"]).alias("name")).to_series()
    return names.extend(pl.Series("name", planted, dtype=pl.String))


def persons_frame(p: Population, ids: Chars, names: pl.Series) -> pl.DataFrame:
    return pl.DataFrame(
        [
            strings(ids, "person_id"),
            names,
            dates("birth_date", p.birth),
            labels("sex", schema.SEXES, (~p.male).astype(np.int64)),
            pl.Series("hukou_in_hohhot", p.hukou),
            dates("hukou_since", p.hukou_since),
            pl.Series("lives_in_hohhot", p.lives),
            labels("education_level", schema.EDUCATION_LEVELS, p.edu),
            pl.Series("full_time", p.full_time),
            dates("graduation_date", p.grad),
            pl.Series("in_school", p.in_school),
            pl.Series("owns_home_in_hohhot", p.owns),
            pl.Series("public_rental_qualified", p.pr_qualified),
            pl.Series("public_rental_allocated", p.pr_allocated),
            pl.Series("in_affordable_rental", p.affordable),
            money("provident_fund_balance", p.fund),
            lookup("mother_id", ids, p.mother),
            lookup("father_id", ids, p.father),
        ]
    )


def enterprises_frame(f: Firms, ids: Chars, names: pl.Series, person_ids: Chars) -> pl.DataFrame:
    return pl.DataFrame(
        [
            strings(ids, "enterprise_id"),
            names,
            labels("kind", schema.ENTERPRISE_KINDS, f.kind),
            labels("size", schema.ENTERPRISE_SIZES, f.size),
            pl.Series("registered_in_hohhot", f.registered),
            dates("founded_on", f.founded),
            lookup("founder_id", person_ids, f.founder),
            pl.Series("credit_blacklisted", f.blacklisted),
            pl.Series("contributions_normal", f.contributions_normal),
            money("rent_paid", f.rent),
            pl.Series("is_daycare", f.daycare),
        ]
    )


def employments_frame(j: Jobs, person_ids: Chars, firm_ids: Chars) -> pl.DataFrame:
    return pl.DataFrame(
        [
            lookup("person_id", person_ids, j.person),
            lookup("employer_id", firm_ids, j.firm),
            dates("contract_signed_on", j.signed),
            dates("ended_on", j.ended),
            pl.Series("insured_months", j.insured.astype(np.int64)),
            pl.Series("works_in_hohhot", j.in_hohhot),
            pl.Series("hired_from_registered_unemployment", j.registered_unemployed),
        ]
    )


def certifications_frame(c: Certifications, firm_ids: Chars) -> pl.DataFrame:
    return pl.DataFrame(
        [
            lookup("enterprise_id", firm_ids, c.firm),
            labels("level", schema.CERTIFICATION_LEVELS, c.level),
            dates("recognized_on", c.recognized),
        ]
    )


def purchase_ids(count: int) -> Chars:
    prefix = np.broadcast_to(np.frombuffer(b"HP", dtype=np.uint8), (count, 2))
    return np.concatenate([prefix, digits(np.arange(1, count + 1), 9)], axis=1)


def project_ids(count: int) -> Chars:
    prefix = np.broadcast_to(np.frombuffer(b"DP", dtype=np.uint8), (count, 2))
    return np.concatenate([prefix, digits(np.arange(1, count + 1), 5)], axis=1)


def purchases_frame(h: Purchases, ids: Chars, person_ids: Chars) -> pl.DataFrame:
    return pl.DataFrame(
        [
            strings(ids, "purchase_id"),
            lookup("buyer_id", person_ids, h.buyer),
            dates("signed_on", h.signed),
            labels("property_kind", schema.PROPERTY_KINDS, h.kind),
            pl.Series("in_hohhot", h.in_hohhot),
            money("area_m2", h.area),
            money("price", h.price),
            pl.Series("first_home", h.first_home),
            pl.Series("first_purchase", h.first_purchase),
            money("deed_tax_paid", h.deed_tax),
        ]
    )


def births_frame(p: Population, rows: Ints, person_ids: Chars) -> pl.DataFrame:
    return pl.DataFrame(
        [
            lookup("child_id", person_ids, rows),
            lookup("mother_id", person_ids, p.mother[rows]),
            lookup("father_id", person_ids, p.father[rows]),
            dates("birth_date", p.birth[rows]),
            pl.Series("birth_order", p.order[rows].astype(np.int64)),
        ]
    )


def enrolments_frame(e: Enrolments, p: Population, person_ids: Chars, firm_ids: Chars) -> pl.DataFrame:
    return pl.DataFrame(
        [
            lookup("child_id", person_ids, e.child),
            dates("child_birth_date", p.birth[e.child]),
            lookup("institution_id", firm_ids, e.firm),
            dates("enrolled_from", e.start),
            dates("enrolled_to", e.end),
        ]
    )


def dorms_frame(d: Dorms, ids: Chars, firm_ids: Chars) -> pl.DataFrame:
    return pl.DataFrame(
        [
            strings(ids, "project_id"),
            lookup("enterprise_id", firm_ids, d.firm),
            labels("kind", schema.DORM_KINDS, d.kind),
            money("investment", d.investment),
            pl.Series("owned_by_zone_committee", d.zone_owned),
            dates("completed_on", d.completed),
        ]
    )


def composite_ids(*parts: pl.Series) -> pl.Series:
    """`a:b:c` from string or date series (dates as YYYY-MM-DD)."""
    frame = pl.DataFrame({f"c{i}": part for i, part in enumerate(parts)})
    return frame.select(pl.concat_str(pl.all().cast(pl.String), separator=":").alias("id")).to_series()


def period_labels(months: Ints) -> pl.Series:
    """`YYYY-MM` from month indexes (year * 12 + month - 1), null where -1."""
    m = np.asarray(months, dtype=np.int64)
    safe = np.maximum(m, 0)
    dash = np.full((m.size, 1), ord("-"), dtype=np.uint8)
    chars = np.concatenate([digits(safe // 12, 4), dash, digits(safe % 12 + 1, 2)], axis=1)
    out = strings(chars, "period")
    missing = np.flatnonzero(m < 0)
    return out.scatter(missing, None) if missing.size else out


def receipts_frame(blocks: list[Block], ids: dict[str, Chars | pl.Series]) -> pl.DataFrame:
    frames = []
    for block in blocks:
        if block.count == 0:
            continue
        months = pl.Series("months", block.months)
        frames.append(
            pl.DataFrame(
                [
                    lookup("beneficiary_id", ids[block.beneficiary_kind], block.beneficiary),
                    pl.repeat(block.measure, block.count, dtype=pl.String, eager=True).alias("measure_id"),
                    money("amount", np.round(block.amount, 2)),
                    months.scatter(np.flatnonzero(block.months < 0), None) if (block.months < 0).any() else months,
                    period_labels(block.period),
                    dates("paid_on", block.paid_on),
                    lookup("source_id", ids[block.source_kind], block.source),
                ]
            )
        )
    if not frames:
        return pl.DataFrame()
    return pl.concat(frames, how="vertical")
