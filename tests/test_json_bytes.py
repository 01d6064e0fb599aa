"""`json_bytes.dumps` writes what `json.dumps(..., ensure_ascii=False, separators=(",", ":"))`
writes, for what the caches hold: the same values read back (every float exactly), the same
bytes but for how a float's exponent is spelt (`1e-8`, not `1e-08`); and it falls back to the
standard library for what orjson will not write."""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest

from briefing.json_bytes import dumps


def _plain(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return rng.choice(
            [
                rng.randrange(-(2**40), 2**40),
                rng.random() * 10 ** rng.randrange(-12, 12),
                1e16,
                -0.0,
                0.1 + 0.2,
                True,
                None,
                'Кунашир «Курилы» — 北方領土 \u2028 \t\n"\\ 😀',
                "\x00\x1f\x7f",
            ]
        )
    if roll < 0.6:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    if roll < 0.7:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randrange(0, 4)))
    return {f"k{i}é": _value(rng, depth + 1) for i in range(rng.randrange(0, 5))}


@pytest.mark.parametrize("seed", range(20))
def test_the_same_json_as_the_standard_library(seed: int) -> None:
    value = _value(random.Random(seed))
    mine, plain = dumps(value), _plain(value)
    assert json.loads(mine) == json.loads(plain)
    assert repr(json.loads(mine)) == repr(json.loads(plain))  # -0.0 stays -0.0
    spelt = re.compile(rb"e([-+]?)0*(\d)")
    assert spelt.sub(rb"e\1\2", mine) == spelt.sub(rb"e\1\2", plain)


@pytest.mark.parametrize("value", [{1: "a", 2: [3]}, [2**70], {"n": -(2**64)}])
def test_what_orjson_will_not_write_is_written_as_before(value: Any) -> None:
    assert dumps(value) == _plain(value)
    assert json.loads(dumps(value)) == json.loads(_plain(value))
