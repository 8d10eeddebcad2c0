"""The match's offers frame is the engine's `Evaluation.offers()`, built a measure at a time."""

from __future__ import annotations

import numpy as np
import polars as pl

from yinren.matching.offers import KEY, SCHEMA, evaluation_offers, sort_offers
from yinren.matching.summary import summarize
from yinren.rules import Policy, Tables, evaluate

from .conftest import AS_OF


def test_offers_equal_the_engines(valid: Tables, policy: Policy) -> None:
    evaluation = evaluate(valid, AS_OF, policy=policy)
    ours = evaluation_offers(evaluation)
    engine = evaluation.offers()
    shared = [column for column in engine.columns if column in ours.columns]
    assert set(engine.columns) <= set(ours.columns)
    assert ours.select(shared).equals(engine.select(shared)), "the engine's rows, in the engine's order"
    assert dict(ours.schema) == SCHEMA
    assert ours["kind"].unique().sort().to_list() == ["cash", "entitlement", "loan", "rent_cap"]
    assert (ours["amount_fen"] > 0).sum() == ours.filter(pl.col("kind") == "cash").height


def test_sorted_offers_are_in_policy_order_then_by_source_and_unique(valid: Tables, policy: Policy) -> None:
    offers = sort_offers(evaluation_offers(evaluate(valid, AS_OF, policy=policy)), policy)
    order = [m.id for m in policy.measures]
    seen = list(dict.fromkeys(offers["measure_id"].to_list()))
    assert seen == [m for m in order if m in seen]
    assert offers.select("measure_id", "source_id", "beneficiary_id", "period").is_unique().all()
    keys = ["measure_id", "source_id", "beneficiary_id", "period"]
    for _, rows in offers.group_by("measure_id", maintain_order=True):
        assert rows.select(keys).equals(rows.select(keys).sort(keys[1:], nulls_last=False))
    shuffled = offers.sample(fraction=1.0, shuffle=True, seed=5)
    assert sort_offers(shuffled, policy).equals(offers)


def test_the_summary_counts_the_same_with_or_without_the_evaluations_keys(valid: Tables, policy: Policy) -> None:
    keyed = evaluation_offers(evaluate(valid, AS_OF, policy=policy), keys=True)
    plain = keyed.drop(KEY)
    assert keyed[KEY].null_count() == 0
    fast, slow = summarize(keyed, policy), summarize(plain, policy)
    assert fast.measures.equals(slow.measures) and fast.departments.equals(slow.departments)
    assert (fast.offers, fast.beneficiaries, fast.amount_fen) == (slow.offers, slow.beneficiaries, slow.amount_fen)
    assert fast.beneficiaries == plain.select("beneficiary_kind", "beneficiary_id").unique().height


def test_a_missing_id_stays_empty(valid: Tables, policy: Policy) -> None:
    from yinren.matching.offers import _ids

    evaluation = evaluate(valid, AS_OF, policy=policy, measures=["m18_settlement"])
    first = valid["persons"]["person_id"][0]
    assert _ids(evaluation, "persons", np.array([0, -1, 0])).to_list() == [first, "", first]
    assert _ids(evaluation, "persons", np.array([0])).to_list() == [first]
