"""Regression tests for the bugs the fuzz tests (tests/test_fuzz_*.py) found, each with the
minimal failing input hypothesis reported. Fast: they run in every suite."""

from __future__ import annotations

from index.numbers import find_quantities


def test_two_amounts_do_not_share_a_currency_sign() -> None:
    # "0€ 0": the € was the first amount's suffix and the second amount's prefix
    quantities = find_quantities("0€ 0", "en")
    assert [(q.text, q.unit) for q in quantities] == [("0€", "money"), ("0", "")]
    assert quantities[0].end <= quantities[1].start
