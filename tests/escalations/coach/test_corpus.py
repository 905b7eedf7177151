"""The coach against a labelled corpus of realistic sentences (tests/escalations/coach/corpus.tsv).

A sentence counts as flagged when it gets any finding of any severity. The bar: the coach
catches at least 90% of what a demanding CTO would reject, and bothers the author on at
most 5% of what they would accept. Per-section precision and recall are printed so a rule
change that trades one section for another is visible in the test output.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from escalations.coach import SECTIONS, check

CORPUS = Path(__file__).with_name("corpus.tsv")


def load_corpus() -> list[tuple[str, str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == ["section", "label", "text"]
        return [(row["section"], row["label"], row["text"]) for row in reader]


ROWS = load_corpus()


def test_corpus_is_big_balanced_and_covers_every_section():
    assert len(ROWS) >= 150
    per_section = Counter(section for section, _, _ in ROWS)
    assert set(per_section) == set(SECTIONS)
    assert min(per_section.values()) >= 15
    labels = Counter(label for _, label, _ in ROWS)
    assert set(labels) == {"good", "bad"}
    assert 0.4 <= labels["good"] / len(ROWS) <= 0.6
    assert len({text for _, _, text in ROWS}) == len(ROWS), "duplicate sentences"


def test_coach_catches_bad_sentences_and_leaves_good_ones_alone(capsys: pytest.CaptureFixture[str]):
    # counts[section] = [true positives, false positives, false negatives, true negatives]
    counts: dict[str, list[int]] = {section: [0, 0, 0, 0] for section in SECTIONS}
    misses: list[str] = []
    for section, label, text in ROWS:
        findings = check(section, text)
        bad = label == "bad"
        slot = {(True, True): 0, (False, True): 1, (True, False): 2, (False, False): 3}
        counts[section][slot[(bad, bool(findings))]] += 1
        if bad and not findings:
            misses.append(f"  missed  [{section}] {text}")
        if not bad and findings:
            rules = ", ".join(sorted({f.rule for f in findings}))
            misses.append(f"  noisy   [{section}] {text}  <- {rules}")

    lines = ["", "section       precision  recall  good-flagged  bad-flagged"]
    for section, (tp, fp, fn, tn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(
            f"{section:<12}  {precision:9.0%}  {recall:6.0%}  {fp:>5}/{fp + tn:<6}  {tp:>5}/{tp + fn}"
        )
    tp, fp, fn, tn = (sum(c[i] for c in counts.values()) for i in range(4))
    lines.append(
        f"{'all':<12}  {tp / (tp + fp):9.0%}  {tp / (tp + fn):6.0%}  {fp:>5}/{fp + tn:<6}  {tp:>5}/{tp + fn}"
    )
    with capsys.disabled():
        print("\n".join(lines + misses))

    assert tp / (tp + fn) >= 0.90, "the coach misses more than 10% of bad sentences"
    assert fp / (fp + tn) <= 0.05, "the coach flags more than 5% of good sentences"
