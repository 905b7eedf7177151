"""The coach against labelled corpora of realistic sentences.

`corpus.tsv` is the in-corpus set the rules were written with (held-out batches 1
and 2 were merged into it once scored). `heldout_<n>.tsv` are later held-out
batches, written by someone who never saw the rules and scored with
`bench/coach_heldout.py` *before* any rule change; each is kept as a regression corpus.

A sentence counts as flagged when it gets any finding of any severity; findings are the
language findings (`check`), the completeness checklist is separate and never marks a
sentence (issue 22), so it does not count here. The bar: the coach
catches at least 90% of what a demanding CTO would reject, and bothers the author on at
most 5% of what they would accept. Per-section precision and recall are printed so a rule
change that trades one section for another is visible in the test output. Each held-out
batch must also stay at the figures the rules reached on it (see HELDOUT_FLOOR), so a rule
change that loses a sentence there fails.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from escalations.coach import SECTIONS, check

CORPUS = Path(__file__).with_name("corpus.tsv")
HELDOUT = sorted(Path(__file__).parent.glob("heldout_*.tsv"))
# What the rules reach on each held-out batch after it was scored and used for tuning:
# (bad sentences the coach may pass, good sentences it may flag). Before tuning, batch 3
# scored 7 of 65 bad passed and 10 of 63 good flagged (docs/coach.md, "Score history").
# Batch 4, written blind after that tuning and scored before any change: 3 of 71 bad passed,
# 4 of 70 good flagged; two general fixes ("month end" is a deadline, "I'll write again on
# Monday" promises the next update) brought the flagged good ones to 2.
# Batches 5a and 5b (issue 22), two writers who saw no rule and no batch, scored before
# any change with completeness counted as findings: 5a 5 of 70 bad passed, 18 of 70 good
# flagged; 5b 9 of 70 and 30 of 70 (docs/coach.md, "Held-out figures"). Since then
# completeness is a checklist, not findings, and the rules for issue 22 were written with
# these batches in view, so the floors below are regression floors, not unseen figures.
# Batch 6, a third writer, scored on issue 22's rules before any change: 14 of 73 bad
# passed, 3 of 74 good flagged; the rules written from its kinds of habit reach 0 and 0,
# so batch 6 is no longer unseen either.
# Batch 7, a fourth writer, was scored twice without any rule changed for it (issue 22's
# rules: 12 of 77 bad passed, 4 of 77 good flagged; after batch 6's rules: 11 and 3). The
# next round wrote rules from the kinds of habit its misses showed (and from kinds no batch
# had yet), so batch 7 is tuned on now and held at what those rules reach: 0 and 1.
# Batches 8 and 9 (writers E and F) were scored blind before that round (8: 17 of 70 bad
# passed, 4 of 70 good flagged; 9: 17 and 1) and, kept sealed while the rules were written,
# again after it (8: 3 and 4; 9: 8 and 1). The next round wrote rules from the kinds of
# habit their misses and false alarms showed (docs/coach.md, "Batches 8 and 9 tuned on"),
# so they are tuned on now and held at what those rules reach: 0 and 0 each.
# Batches 10 and 11 (writers G and H) were written blind during that round and scored
# before it merged (10: 6 of 70 bad passed, 6 of 70 good flagged; 11: 9 and 3) and after
# (10: 5 and 6; 11: 8 and 3), no rule changed for them. The round after wrote rules from
# the kinds of habit their misses and false alarms showed (docs/coach.md, "Batches 10 and 11
# tuned on"), so they are tuned on now and held at what those rules reach: 0 and 0 each.
# Batches 12 and 13 (writers I and J) were written blind during that round and scored
# before it merged (12: 3 of 70 bad passed, 4 of 70 good flagged; 13: 2 and 7) and after
# (12: 3 and 4; 13: 1 and 7), no rule changed for them. The round after wrote rules from
# the principle their false alarms showed (an estimate whose sentence sizes its doubt is
# honest) and from the kinds their misses showed (docs/coach.md, "Batches 12 and 13 tuned
# on"), so they are tuned on now and held at what those rules reach: 0 and 0 each.
# Batches 14 and 15 (writers K and L) were written blind during that round and scored
# before it merged (14: 6 of 70 bad passed, 5 of 70 good flagged; 15: 5 and 6) and after
# (14: 6 and 1; 15: 5 and 1), no rule changed for them. The round after wrote rules from
# the kinds their misses showed and the two principles their false alarms showed (owning
# my team's mistake is not wrapped blame; a change with its baseline is scoped), see
# docs/coach.md, "Batches 14 and 15 tuned on": they are tuned on now, held at 0 and 0 each.
# Batches 16 and 17 (writers M and N) were written blind during that round and scored
# before it merged and after, with the same figures (16: 3 of 70 bad passed, 3 of 70 good
# flagged; 17: 4 and 1), no rule changed for them. The round after wrote rules from the
# kinds their misses showed and the principles their false alarms showed ("a.m." ends a
# clock time, not a sentence; a figure counting students or patients is scoped; "we never
# built it" names who let it slip; a name that owns something is a person; old contractor
# accounts are a thing, not a previous owner), see docs/coach.md, "Batches 16 and 17 tuned
# on": they are tuned on now, held at 0 and 0 each.
# Batches 18 to 21 (writers O, P, Q and R) were written blind during that round and scored
# before it merged and after, with the same figures (18: 6 of 70 bad passed, 3 of 70 good
# flagged; 19: 1 and 5; 20: 3 and 3; 21: 3 and 2; together 95.4% and 4.6%), no rule changed
# for them (docs/coach.md, "Blind batches 18 to 21"). The round after wrote rules from the
# kinds their misses showed and the principles their false alarms showed ("three weeks later"
# is a time, not a deferral; a passive plan "led by Karthik" has its owner; a fault "was
# ours" is checkable; a heads-up followed by the news and its figure is no warm-up; "I
# approved it although the dry-run was not done" names who decided; air cover for a dated
# position is the ask), see docs/coach.md, "Batches 18 to 21 tuned on": they are tuned on
# now, held at 0 and 0 each.
# Batches 22 and 23 (writers S and T) were written blind during that round and scored
# before it merged (22: 5 of 70 bad passed, 4 of 70 good flagged; 23: 4 and 2) and after
# (22: 4 and 4; 23: 3 and 2), no rule changed for them (docs/coach.md, "Blind batches 22
# and 23").
# A batch no rule was ever changed for goes in UNTUNED: it is held at what the rules
# reached when it was first scored, not at the target, until a round changes rules for it.
UNTUNED = {"heldout_22.tsv", "heldout_23.tsv"}

HELDOUT_FLOOR: dict[str, tuple[int, int]] = {
    "heldout_3.tsv": (0, 0),
    "heldout_4.tsv": (0, 0),
    "heldout_5a.tsv": (0, 2),
    "heldout_5b.tsv": (0, 0),
    "heldout_6.tsv": (0, 0),
    "heldout_7.tsv": (0, 1),
    "heldout_8.tsv": (0, 0),
    "heldout_9.tsv": (0, 0),
    "heldout_10.tsv": (0, 0),
    "heldout_11.tsv": (0, 0),
    "heldout_12.tsv": (0, 0),
    "heldout_13.tsv": (0, 0),
    "heldout_14.tsv": (0, 0),
    "heldout_15.tsv": (0, 0),
    "heldout_16.tsv": (0, 0),
    "heldout_17.tsv": (0, 0),
    "heldout_18.tsv": (0, 0),
    "heldout_19.tsv": (0, 0),
    "heldout_20.tsv": (0, 0),
    "heldout_21.tsv": (0, 0),
    "heldout_22.tsv": (4, 4),
    "heldout_23.tsv": (3, 2),
}


def load_corpus(path: Path = CORPUS) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
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


def score(
    rows: list[tuple[str, str, str]], capsys: pytest.CaptureFixture[str], title: str
) -> tuple[int, int, int, int]:
    """Print per-section precision and recall; return (tp, fp, fn, tn) over all rows."""
    # counts[section] = [true positives, false positives, false negatives, true negatives]
    counts: dict[str, list[int]] = {section: [0, 0, 0, 0] for section in SECTIONS}
    misses: list[str] = []
    for section, label, text in rows:
        findings = check(section, text)
        bad = label == "bad"
        slot = {(True, True): 0, (False, True): 1, (True, False): 2, (False, False): 3}
        counts[section][slot[(bad, bool(findings))]] += 1
        if bad and not findings:
            misses.append(f"  missed  [{section}] {text}")
        if not bad and findings:
            rules = ", ".join(sorted({f.rule for f in findings}))
            misses.append(f"  noisy   [{section}] {text}  <- {rules}")

    lines = ["", title, "section       precision  recall  good-flagged  bad-flagged"]
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
    return tp, fp, fn, tn


def test_coach_catches_bad_sentences_and_leaves_good_ones_alone(capsys: pytest.CaptureFixture[str]):
    tp, fp, fn, tn = score(ROWS, capsys, CORPUS.name)
    assert tp / (tp + fn) >= 0.90, "the coach misses more than 10% of bad sentences"
    assert fp / (fp + tn) <= 0.05, "the coach flags more than 5% of good sentences"


def test_there_is_a_held_out_batch_and_each_has_its_recorded_figures():
    assert HELDOUT, "the held-out batches are regression corpora; keep them"
    unrecorded = {path.name for path in HELDOUT} - set(HELDOUT_FLOOR)
    assert not unrecorded, (
        f"score {sorted(unrecorded)} with bench/coach_heldout.py before changing any rule, "
        "put the figures in docs/coach.md, then record what the rules reach in HELDOUT_FLOOR"
    )


@pytest.mark.parametrize("path", HELDOUT, ids=lambda path: path.name)
def test_held_out_batch_is_well_formed(path: Path):
    # A batch is kept exactly as its author wrote it, so it may repeat a very short
    # sentence the corpus also has ("Thoughts?", "More soon.").
    rows = load_corpus(path)
    assert {section for section, _, _ in rows} <= set(SECTIONS)
    assert {label for _, label, _ in rows} == {"good", "bad"}
    texts = [text for _, _, text in rows]
    assert len(set(texts)) == len(texts), "duplicate sentences"


@pytest.mark.parametrize("path", HELDOUT, ids=lambda path: path.name)
def test_held_out_batch_stays_at_its_figures(path: Path, capsys: pytest.CaptureFixture[str]):
    tp, fp, fn, tn = score(load_corpus(path), capsys, path.name)
    max_missed, max_noisy = HELDOUT_FLOOR.get(path.name, (0, 0))
    if path.name not in UNTUNED:
        assert tp / (tp + fn) >= 0.95, "the issue-12 target: >= 95% of weak sentences flagged"
        assert fp / (fp + tn) <= 0.05, "the issue-12 target: <= 5% of strong sentences flagged"
    assert fn <= max_missed, f"{fn} bad sentences passed; the rules reached {max_missed}"
    assert fp <= max_noisy, f"{fp} good sentences flagged; the rules reached {max_noisy}"
