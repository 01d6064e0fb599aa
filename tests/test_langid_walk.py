"""The language identifier's vectorised byte walk counts what py3langid's own walk counts."""

from __future__ import annotations

import numpy as np
from py3langid.langid import LanguageIdentifier, visit_counts

from briefing.ingest.langid_walk import WalkingIdentifier, local_depth
from briefing.ingest.language import _identifier

TEXTS = [
    "",
    "a",
    "€",
    "Prime Minister Shinzo Abe met President Vladimir Putin in Moscow on Tuesday.",
    "Премьер-министр Японии Синдзо Абэ встретился с Владимиром Путиным в Москве.",
    "安倍晋三首相は東京で記者会見した。",
    "한국 정부는 성명을 발표했다",
    "Ελλάδα και Κύπρος, ١٢٣ عربي, naïve café — “quoted” ½",
    "ab" * 3000,
    "\x00\x01\x7f\n\t  ..",
]


def _automaton(moves: dict[tuple[int, int], int], states: int) -> tuple[np.ndarray, np.ndarray]:
    """A table as py3langid holds one: a row of 256 next states for each state (to state 0 by
    default)."""
    table = np.zeros(states * 256, dtype=np.uint32)
    for (state, byte), target in moves.items():
        table[state * 256 + byte] = target
    return table, np.arange(states, dtype=np.uint16)


def test_the_depth_of_a_suffix_automaton_and_of_one_that_counts() -> None:
    a, b = ord("a"), ord("b")
    # "ab" found anywhere: 1 after "a", 2 after "ab", else 0
    table, rows = _automaton({(0, a): 1, (1, a): 1, (2, a): 1, (1, b): 2}, 3)
    assert local_depth(table, rows) == 2
    # the parity of the "a"s read: every byte back matters
    table, rows = _automaton({(0, a): 1, (1, a): 0, **{(1, c): 1 for c in range(256) if c != a}}, 2)
    assert local_depth(table, rows) is None
    table, rows = _automaton({}, 1)
    assert local_depth(table, rows) == 0


def test_the_identifier_walks_at_once_and_finds_the_same_features() -> None:
    ident = _identifier()
    assert isinstance(ident, WalkingIdentifier)  # (the model's entry says its depth: 6)
    plain_ident = LanguageIdentifier(
        ident.nb_ptc,
        ident.nb_pc,
        ident.nb_classes,
        ident.tk_nextmove,
        ident.tk_output,
        norm_probs=True,
        tk_row=ident.tk_row,
    )
    for text in TEXTS:
        encoded = ident._encode(text)
        plain = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, encoded)
        walked = ident.visits(encoded)
        if plain is None:
            assert walked is None
        else:
            assert walked is not None and list(walked.items()) == list(plain.items())
        assert ident.classify(text) == plain_ident.classify(text)
