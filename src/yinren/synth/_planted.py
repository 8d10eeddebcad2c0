"""Planted hard cases: rows at every boundary the rules test, relative to the period.

Listed in docs/synthetic-city.md, section 9.

Each planted person and enterprise carries the name `planted:<case>`, so tests and people can find it.
Planted rows refer only to each other; the random city never touches them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from ._calendar import NULL, POLICY_START, Period, back_years, day, month_index
from ._enterprises import (
    ENTERPRISE,
    INDIVIDUAL,
    LARGE,
    MICRO,
    SMALL,
    Certifications,
    Dorms,
    Firms,
)
from ._housing import NEW_COMMERCIAL, SECOND_HAND, Enrolments, Purchases
from ._people import BACHELOR, JUNIOR_COLLEGE, MASTER, SECONDARY, Population
from ._receipts import Block, tenth_of_next_month
from ._work import Jobs, insured_months

PREFIX = "planted:"
E = POLICY_START
NATIONAL, REGIONAL, INNOVATIVE = range(3)  # _schema.CERTIFICATION_LEVELS


def _d(value: date) -> int:
    return day(value)


@dataclass
class _Rows:
    """Column lists of one table, appended row by row (a few dozen rows: loops are fine here)."""

    columns: dict[str, list[object]] = field(default_factory=dict)

    def add(self, **values: object) -> int:
        for name, value in values.items():
            self.columns.setdefault(name, []).append(value)
        return len(next(iter(self.columns.values()))) - 1

    def integer(self, name: str, row: int) -> int:
        value = self.columns[name][row]
        assert isinstance(value, int)
        return value

    def array(self, name: str, dtype: type | str) -> np.ndarray:
        return np.array(self.columns.get(name, []), dtype=dtype)


@dataclass
class Planted:
    population: Population
    person_names: list[str]
    firms: Firms
    firm_names: list[str]
    jobs: Jobs
    purchases: Purchases
    enrolments: Enrolments
    certifications: Certifications
    dorms: Dorms
    receipts: list[Block]


class _Builder:
    def __init__(self, period: Period) -> None:
        self.period = period
        self.as_of = period.as_of_date
        self.persons = _Rows()
        self.firms = _Rows()
        self.jobs = _Rows()
        self.purchases = _Rows()
        self.enrolments = _Rows()
        self.certs = _Rows()
        self.dorms = _Rows()
        self.receipts: list[Block] = []

    # ------------------------------------------------------------------ rows
    def person(self, case: str, birth: date, **attrs: object) -> int:
        values: dict[str, object] = {
            "male": False,
            "hukou": True,
            "hukou_since": None,
            "lives": True,
            "edu": SECONDARY,
            "full_time": True,
            "grad": None,
            "in_school": False,
            "owns": False,
            "pr_qualified": False,
            "pr_allocated": False,
            "affordable": False,
            "fund": 0.0,
            "mother": -1,
            "father": -1,
            "order": 0,
        }
        values.update(attrs)
        area = 150102 if values["hukou"] and values["hukou_since"] is None else 150202
        since, grad = values.pop("hukou_since"), values.pop("grad")
        return self.persons.add(
            name=PREFIX + case,
            birth=_d(birth),
            area=area,
            hukou_since=NULL if since is None else _d(since),  # type: ignore[arg-type]
            grad=NULL if grad is None else _d(grad),  # type: ignore[arg-type]
            **values,
        )

    def firm(self, case: str, founded: date, **attrs: object) -> int:
        values: dict[str, object] = {
            "kind": ENTERPRISE,
            "size": SMALL,
            "registered": True,
            "founder": -1,
            "blacklisted": False,
            "contributions_normal": True,
            "rent": np.nan,
            "daycare": False,
        }
        values.update(attrs)
        return self.firms.add(name=PREFIX + case, founded=_d(founded), **values)

    def job(self, person: int, firm: int, signed: date, insured: int | None = None, **attrs: object) -> None:
        values: dict[str, object] = {"ended": None, "in_hohhot": True, "registered_unemployed": False}
        values.update(attrs)
        ended = values.pop("ended")
        end = NULL if ended is None else _d(ended)  # type: ignore[arg-type]
        elapsed = int(insured_months(np.array([_d(signed)]), np.array([end]), self.period.as_of)[0])
        months = elapsed if insured is None else min(insured, elapsed)
        self.jobs.add(person=person, firm=firm, signed=_d(signed), ended=end, insured=months, **values)

    def purchase(self, buyer: int, signed: date, area: float, **attrs: object) -> int:
        values: dict[str, object] = {
            "kind": NEW_COMMERCIAL,
            "in_hohhot": True,
            "price": round(area * 10_000.0),
            "first_home": True,
            "first_purchase": True,
            "deed_tax": np.nan,
        }
        values.update(attrs)
        return self.purchases.add(buyer=buyer, signed=_d(signed), area=area, **values)

    def receipt(
        self,
        measure: str,
        beneficiary: tuple[str, int],
        source: tuple[str, int],
        amount: float,
        paid_on: int,
        months: int = -1,
        period: int = -1,
    ) -> None:
        one = np.ones(1, dtype=np.int64)
        self.receipts.append(
            Block(
                measure,
                beneficiary[0],
                one * beneficiary[1],
                source[0],
                one * source[1],
                np.array([amount]),
                one * months,
                one * period,
                one * paid_on,
            )
        )

    # ------------------------------------------------------------------ templates
    def graduate(self, case: str, birth: date, grad: date, employer: int, **attrs: object) -> int:
        """A migrant graduate working in Hohhot, renting: eligible for m10_graduate_rent but for the case."""
        values: dict[str, object] = {"hukou": False, "edu": BACHELOR, "fund": 20_000.0}
        values.update(attrs)
        person = self.person(case, birth, grad=grad, **values)
        if employer >= 0 and grad + timedelta(days=30) <= self.as_of:
            self.job(person, employer, grad + timedelta(days=30))
        return person

    def mother_of(
        self,
        case: str,
        children: list[date],
        hukou: bool = True,
        father_hukou: bool = True,
        with_mother: bool = True,
    ) -> list[int]:
        """Parents and their children (birth order by date); returns the children's rows."""
        first = min(children)
        father = self.person(case + ":father", back_years(first, 31), male=True, hukou=father_hukou, owns=True)
        mother = -1
        if with_mother:
            mother = self.person(case + ":mother", back_years(first, 29), hukou=hukou, owns=True)
        rows = []
        for order, born in enumerate(sorted(children), start=1):
            rows.append(
                self.person(
                    f"{case}:child{order}",
                    born,
                    male=order % 2 == 1,
                    hukou=hukou or father_hukou,
                    edu=0,
                    mother=mother,
                    father=father,
                    order=order,
                )
            )
        return rows


def _graduate_cases(b: _Builder, employer: int) -> None:
    a = b.as_of
    now = int(month_index(b.period.as_of))
    recent = back_years(a, 1) - timedelta(days=35)
    b.graduate("m10_age_35_today", back_years(a, 35), recent, employer, edu=MASTER)
    b.graduate("m10_age_35_turns_36_tomorrow", back_years(a, 36) + timedelta(days=1), recent, employer, edu=MASTER)
    b.graduate("m10_age_36_today", back_years(a, 36), recent, employer, edu=MASTER)
    window_in = back_years(a, 5) + timedelta(days=1)
    b.graduate("m10_window_ends_on_as_of", back_years(window_in, 22), window_in, employer)
    b.graduate("m10_window_ended_day_before", back_years(window_in, 22), window_in - timedelta(days=1), employer)
    three = back_years(a, 3)
    p23 = b.graduate("m10_received_23_months", back_years(three, 22), three, employer)
    b.receipt(
        "m10_graduate_rent",
        ("person", p23),
        ("person", p23),
        12 * 300.0,
        int(tenth_of_next_month(np.array([now - 12]))[0]),
        months=12,
    )
    for month in range(now - 11, now):
        paid = int(tenth_of_next_month(np.array([month]))[0])
        b.receipt("m10_graduate_rent", ("person", p23), ("person", p23), 300.0, paid, months=1, period=month)
    p24 = b.graduate("m10_received_24_months", back_years(three, 22), three, employer)
    for month in range(now - 24, now):
        paid = int(tenth_of_next_month(np.array([month]))[0])
        b.receipt("m10_graduate_rent", ("person", p24), ("person", p24), 300.0, paid, months=1, period=month)
    late = b.graduate("m10_receipt_paid_after_as_of", back_years(recent, 22), recent, employer)
    b.receipt(
        "m10_graduate_rent",
        ("person", late),
        ("person", late),
        300.0,
        b.period.as_of + 1,
        months=1,
        period=now,
    )
    b.graduate("born_29_february", date(2000, 2, 29), date(2022, 6, 30), employer)
    zero = b.graduate("m10_insured_0_months", back_years(recent, 22), recent, -1)
    b.job(zero, employer, date(a.year, a.month, 1), insured=0)
    ended = b.graduate("m10_job_ended_on_as_of", back_years(recent, 22), recent, -1)
    b.job(ended, employer, recent + timedelta(days=30), ended=a)


def _hiring_cases(b: _Builder, employer: int) -> None:
    for signed, insured in (
        (date(2023, 12, 31), 1),
        (date(2023, 12, 31), 2),
        (date(2024, 1, 1), 2),
        (date(2024, 1, 1), 3),
    ):
        person = b.person(
            f"m04_hire_{signed}_insured_{insured}", date(2001, 5, 5), edu=BACHELOR, grad=date(2023, 6, 30)
        )
        b.job(person, employer, signed, insured=insured)
    for signed in (date(2022, 12, 31), date(2023, 1, 1)):
        person = b.person(f"m04_hire_{signed}", date(2000, 4, 4), edu=BACHELOR, grad=date(2022, 6, 30))
        b.job(person, employer, signed)
    hire = b.as_of - timedelta(days=120)
    for case, born in (
        ("m04_registered_unemployed_age_24_at_hire", back_years(hire, 25) + timedelta(days=1)),
        ("m04_registered_unemployed_age_25_at_hire", back_years(hire, 25)),
        ("m04_registered_unemployed_age_16_at_hire", back_years(hire, 16)),
    ):
        b.job(b.person(case, born, male=True), employer, hire, registered_unemployed=True)


def _purchase_cases(b: _Builder, employer: int) -> None:
    for signed in (date(2024, 11, 30), date(2024, 12, 1)):
        for area in (90.0, 90.01, 140.0, 140.01):
            buyer = b.person(f"m09_{signed}_{area}m2", date(1984, 3, 3), owns=signed <= b.as_of, fund=80_000.0)
            b.purchase(buyer, signed, area)
    buyer = b.person("m09_deed_tax_paid_given", date(1986, 6, 6), owns=True, fund=50_000.0)
    b.purchase(buyer, date(2023, 10, 10), 100.0, price=1_000_000.0, deed_tax=15_000.0)
    for signed in (date(2023, 8, 23), date(2023, 8, 24)):
        buyer = b.person(
            f"m10_purchase_junior_college_{signed}",
            date(2001, 3, 15),
            hukou=False,
            edu=JUNIOR_COLLEGE,
            grad=date(2022, 6, 30),
            owns=True,
            fund=15_000.0,
        )
        b.job(buyer, employer, date(2022, 8, 1))
        b.purchase(buyer, signed, 88.0, kind=SECOND_HAND, price=700_000.0, deed_tax=7_000.0)


def _family_cases(b: _Builder) -> None:
    a = b.as_of
    b.mother_of("m15_birth_2023-08-24", [date(2019, 5, 1), date(2023, 8, 24)])
    b.mother_of("m15_birth_2023-08-23", [date(2019, 3, 1), date(2023, 8, 23)])
    b.mother_of("m15_order_3", [date(2015, 4, 1), date(2018, 9, 1), a - timedelta(days=100)])
    b.mother_of("m15_order_4", [date(2012, 2, 1), date(2015, 6, 1), date(2018, 10, 1), a - timedelta(days=40)])
    b.mother_of("m15_father_hukou_only", [date(2020, 1, 10), a - timedelta(days=70)], hukou=False)
    b.mother_of("m15_father_only", [date(2019, 7, 7), a - timedelta(days=50)], with_mother=False)
    born = max(E, a - timedelta(days=120))
    paid = b.mother_of("m15_allowance_already_paid", [date(2020, 2, 2), born])
    mother = b.persons.integer("mother", paid[1])
    paid_on = born + timedelta(days=min(60, (a - born).days))
    b.receipt("m15_childcare_allowance", ("person", mother), ("person", paid[1]), 5_000.0, _d(paid_on))
    school = date(a.year if a.month >= 9 else a.year - 1, 9, 1)
    b.mother_of(
        "m12_ages_6_and_15",
        [back_years(school, 6), back_years(school, 16) + timedelta(days=1)],
        hukou=False,
        father_hukou=False,
    )
    b.mother_of(
        "m12_ages_5_and_16",
        [back_years(school, 6) + timedelta(days=1), back_years(school, 16)],
        hukou=False,
        father_hukou=False,
    )
    b.mother_of("m12_born_29_february", [date(2016, 2, 29)], hukou=False, father_hukou=False)


def _daycare_cases(b: _Builder) -> None:
    a = b.as_of
    month_first = date(a.year, a.month, 1)
    centre = b.firm("daycare_hohhot", date(2018, 3, 1), size=MICRO, daycare=True)
    elsewhere = b.firm("daycare_not_registered_in_hohhot", date(2018, 3, 1), size=MICRO, daycare=True, registered=False)
    under = b.person("m15_daycare_under_3_on_month_start", back_years(month_first, 3) + timedelta(days=1), edu=0)
    turns = b.person("m15_daycare_turns_3_on_month_start", back_years(month_first, 3), edu=0)
    young = b.person("m15_daycare_not_registered_centre", a - timedelta(days=500), edu=0)
    for child, firm, start in (
        (under, centre, a - timedelta(days=400)),
        (turns, centre, a - timedelta(days=400)),
        (young, elsewhere, a - timedelta(days=200)),
    ):
        b.enrolments.add(child=child, firm=firm, start=_d(start), end=NULL)
    now = int(month_index(b.period.as_of))
    b.receipt(
        "m15_daycare_subsidy",
        ("firm", centre),
        ("enrolment", 0),
        50.0,
        int(tenth_of_next_month(np.array([now - 1]))[0]),
        months=1,
        period=now - 1,
    )


def _certification_cases(b: _Builder) -> None:
    cases = (
        ("m02_innovative_then_regional", ((INNOVATIVE, date(2023, 10, 10)), (REGIONAL, date(2024, 3, 15)))),
        ("m02_same_level_twice", ((INNOVATIVE, date(2023, 9, 1)), (INNOVATIVE, date(2024, 4, 1)))),
        (
            "m02_regional_before_policy_then_national",
            ((REGIONAL, date(2023, 8, 23)), (NATIONAL, date(2024, 2, 1))),
        ),
        ("m02_recognized_on_policy_date", ((INNOVATIVE, E),)),
    )
    for case, recognitions in cases:
        firm = b.firm(case, date(2012, 5, 20), size=SMALL)
        for level, on in recognitions:
            b.certs.add(firm=firm, level=level, recognized=_d(on))
    blacklisted = b.firm("m02_blacklisted", date(2012, 5, 20), blacklisted=True)
    b.certs.add(firm=blacklisted, level=INNOVATIVE, recognized=_d(date(2023, 11, 1)))
    # The first recognitions of the first two firms were paid already (source: enterprise:level:date).
    for cert, paid in ((0, date(2023, 12, 20)), (2, date(2023, 11, 30))):
        if _d(paid) <= b.period.as_of:
            b.receipt(
                "m02_sme_award",
                ("firm", b.certs.integer("firm", cert)),
                ("certification", cert),
                200_000.0,
                _d(paid),
            )


def _startup_cases(b: _Builder) -> None:
    after = E + timedelta(days=30)
    cases = (
        ("m06_founder_age_35_at_founding", 35, after, 5_000.01),
        ("m06_founder_age_36_at_founding", 36, after, 3_000.0),
        ("m06_founded_day_before_policy", 26, E - timedelta(days=1), 4_000.0),
        ("m06_founded_on_policy_date", 26, E, 4_999.99),
    )
    for case, years, founded, rent in cases:
        founder = b.person(case, back_years(founded, years), male=True, edu=MASTER, grad=founded - timedelta(days=700))
        b.firm(case, founded, kind=INDIVIDUAL, size=MICRO, founder=founder, rent=rent)
    student = b.person("m06_student_founder", back_years(b.as_of, 21), edu=SECONDARY, in_school=True)
    b.firm("m06_student_founder", b.as_of - timedelta(days=60), size=MICRO, founder=student, rent=800.0)
    twice = b.person("m06_founder_two_startups", date(1998, 8, 8), male=True, edu=BACHELOR, grad=date(2021, 6, 30))
    b.firm(
        "m06_founder_two_startups:first",
        E + timedelta(days=10),
        kind=INDIVIDUAL,
        size=MICRO,
        founder=twice,
        rent=3_000.0,
    )
    b.firm("m06_founder_two_startups:second", E + timedelta(days=200), size=MICRO, founder=twice, rent=4_000.0)


def _housing_cases(b: _Builder) -> None:
    a = b.as_of
    now = int(month_index(b.period.as_of))
    b.person("m08_age_18_today", back_years(a, 18), pr_qualified=True)
    b.person("m08_age_17_turns_18_tomorrow", back_years(a, 18) + timedelta(days=1), pr_qualified=True)
    paid = b.person("m08_lease_paid_last_month", date(1980, 1, 20), pr_qualified=True)
    b.receipt(
        "m08_lease_subsidy",
        ("person", paid),
        ("person", paid),
        240.0,
        int(tenth_of_next_month(np.array([now - 1]))[0]),
        months=1,
        period=now - 1,
    )
    b.person("m08_allocated_public_rental", date(1979, 4, 4), pr_qualified=True, pr_allocated=True)
    b.person(
        "m08_cap_new_citizen_inside_3_years",
        date(1984, 1, 1),
        hukou_since=back_years(a, 3) + timedelta(days=1),
    )
    b.person("m08_cap_new_citizen_3_years_ago", date(1984, 1, 1), hukou_since=back_years(a, 3))


def _dorm_cases(b: _Builder) -> None:
    owner = b.firm("m11_dorm_owner", date(2005, 1, 1), size=LARGE)
    for investment, zone, completed in (
        (133_333_333.40, True, E),  # 15% is 20,000,000.01: capped
        (120_000_000.0, True, E + timedelta(days=90)),
        (80_000_000.0, True, E - timedelta(days=1)),  # completed before E
        (60_000_000.0, False, E + timedelta(days=60)),  # not owned by the zone committee
    ):
        b.dorms.add(firm=owner, kind=0, investment=investment, zone_owned=zone, completed=_d(completed))


def planted(period: Period) -> Planted:
    b = _Builder(period)
    employer = b.firm("employer_ok", date(2015, 3, 1))
    _graduate_cases(b, employer)
    _hiring_cases(b, employer)
    _purchase_cases(b, employer)
    _family_cases(b)
    _daycare_cases(b)
    _certification_cases(b)
    _startup_cases(b)
    _housing_cases(b)
    _dorm_cases(b)
    return _finish(b)


def _finish(b: _Builder) -> Planted:
    p, f, j, h, e, c, d = b.persons, b.firms, b.jobs, b.purchases, b.enrolments, b.certs, b.dorms
    population = Population(
        birth=p.array("birth", np.int32),
        male=p.array("male", bool),
        area=p.array("area", np.int64),
        hukou=p.array("hukou", bool),
        hukou_since=p.array("hukou_since", np.int32),
        lives=p.array("lives", bool),
        edu=p.array("edu", np.int8),
        full_time=p.array("full_time", bool),
        grad=p.array("grad", np.int32),
        in_school=p.array("in_school", bool),
        owns=p.array("owns", bool),
        pr_qualified=p.array("pr_qualified", bool),
        pr_allocated=p.array("pr_allocated", bool),
        affordable=p.array("affordable", bool),
        fund=p.array("fund", np.float64),
        mother=p.array("mother", np.int32),
        father=p.array("father", np.int32),
        order=p.array("order", np.int8),
    )
    firms = Firms(
        kind=f.array("kind", np.int8),
        size=f.array("size", np.int8),
        registered=f.array("registered", bool),
        area=np.full(len(f.columns["kind"]), 150105, dtype=np.int64),
        founded=f.array("founded", np.int64),
        founder=f.array("founder", np.int32),
        blacklisted=f.array("blacklisted", bool),
        contributions_normal=f.array("contributions_normal", bool),
        rent=f.array("rent", np.float64),
        daycare=f.array("daycare", bool),
    )
    firms.area[~firms.registered] = 150202
    jobs = Jobs(
        j.array("person", np.int64),
        j.array("firm", np.int64),
        j.array("signed", np.int64),
        j.array("ended", np.int64),
        j.array("insured", np.int64),
        j.array("in_hohhot", bool),
        j.array("registered_unemployed", bool),
    )
    purchases = Purchases(
        h.array("buyer", np.int64),
        h.array("signed", np.int64),
        h.array("kind", np.int8),
        h.array("in_hohhot", bool),
        h.array("area", np.float64),
        h.array("price", np.float64),
        h.array("first_home", bool),
        h.array("first_purchase", bool),
        h.array("deed_tax", np.float64),
    )
    return Planted(
        population=population,
        person_names=[str(name) for name in p.columns["name"]],
        firms=firms,
        firm_names=[str(name) for name in f.columns["name"]],
        jobs=jobs,
        purchases=purchases,
        enrolments=Enrolments(
            e.array("child", np.int64),
            e.array("firm", np.int64),
            e.array("start", np.int64),
            e.array("end", np.int64),
        ),
        certifications=Certifications(
            c.array("firm", np.int64), c.array("level", np.int8), c.array("recognized", np.int64)
        ),
        dorms=Dorms(
            d.array("firm", np.int64),
            d.array("kind", np.int8),
            d.array("investment", np.float64),
            d.array("zone_owned", bool),
            d.array("completed", np.int64),
        ),
        receipts=b.receipts,
    )
