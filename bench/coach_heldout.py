"""Score the coach on a labelled TSV: `uv run python bench/coach_heldout.py FILE.tsv …`.

Each file has the columns `section`, `label` (`bad` or `good`) and `text`, the sections
being the coach's own (`escalations.coach.SECTIONS`). Every sentence goes through the real
command-line contract, `python manage.py coach --jsonl`, exactly as an editor plugin would
send it, and a sentence counts as flagged when the command reports any finding for it
(`findings`: the language findings; since issue 22 the completeness checks are the
section's `checklist`, reported apart and not counted).

Printed for each file (and for all of them together when there are several):

- recall: the share of `bad` sentences flagged;
- false-alarm rate: the share of `good` sentences flagged;

counting findings; for information, the same shares for sentences with an unmet checklist
item (a single sentence is not a section, so that line is not the coach's score).
`--misses` lists every bad sentence passed and every good sentence flagged, with the rules
that fired. No database is touched.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    section: str
    label: str
    text: str


@dataclass
class Score:
    """Counts for one view of the findings (any finding, or language rules only)."""

    bad: int = 0
    bad_flagged: int = 0
    good: int = 0
    good_flagged: int = 0

    def add(self, label: str, flagged: bool) -> None:
        if label == "bad":
            self.bad += 1
            self.bad_flagged += flagged
        else:
            self.good += 1
            self.good_flagged += flagged

    def __iadd__(self, other: Score) -> Score:
        self.bad += other.bad
        self.bad_flagged += other.bad_flagged
        self.good += other.good
        self.good_flagged += other.good_flagged
        return self

    def line(self, name: str) -> str:
        recall = self.bad_flagged / self.bad if self.bad else 1.0
        alarms = self.good_flagged / self.good if self.good else 0.0
        return (
            f"  {name:<22} recall {self.bad_flagged:>3}/{self.bad:<3} ({recall:4.0%})"
            f"   false alarms {self.good_flagged:>3}/{self.good:<3} ({alarms:4.0%})"
        )


@dataclass
class Result:
    any_finding: Score = field(default_factory=Score)
    checklist: Score = field(default_factory=Score)
    misses: list[str] = field(default_factory=list)


def load(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != ["section", "label", "text"]:
            raise SystemExit(f"{path}: expected columns section, label, text")
        rows = [Row(r["section"], r["label"], r["text"]) for r in reader]
    for row in rows:
        if row.label not in {"bad", "good"}:
            raise SystemExit(f"{path}: label must be bad or good, not {row.label!r}")
    return rows


def run_command(rows: list[Row]) -> list[dict[str, list[dict[str, object]]]]:
    """The answer per row, from one `manage.py coach --jsonl` process."""
    payload = "".join(json.dumps({"section": r.section, "text": r.text}) + "\n" for r in rows)
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "coach", "--jsonl"],
        input=payload,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    answers = [json.loads(line) for line in completed.stdout.splitlines()]
    if completed.returncode != 0 or len(answers) != len(rows):
        errors = [a["error"] for a in answers if "error" in a]
        raise SystemExit(
            f"coach --jsonl failed (exit {completed.returncode}): "
            f"{errors[:3] or completed.stderr.strip()[-500:]}"
        )
    return answers


def score(rows: list[Row]) -> Result:
    result = Result()
    for row, answer in zip(rows, run_command(rows), strict=True):
        rules = sorted({str(f["rule"]) for f in answer["findings"]})
        unmet = [item for item in answer.get("checklist", []) if not item["met"]]
        result.any_finding.add(row.label, bool(rules))
        result.checklist.add(row.label, bool(unmet))
        if row.label == "bad" and not rules:
            result.misses.append(f"  missed [{row.section}] {row.text}")
        elif row.label == "good" and rules:
            result.misses.append(f"  noisy  [{row.section}] {row.text}  <- {', '.join(rules)}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="TSV files: section, label, text")
    parser.add_argument(
        "--misses", action="store_true", help="list bad sentences passed, good ones flagged"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="the first 20 sentences of each file (default: the first batch): make bench-smoke",
    )
    args = parser.parse_args()
    if not args.files:
        if not args.smoke:
            parser.error("name at least one TSV file")
        args.files = sorted((ROOT / "tests" / "escalations" / "coach").glob("heldout_*.tsv"))[:1]

    total = Result()
    for path in args.files:
        result = score(load(path)[: 20 if args.smoke else None])
        print(f"{path} ({result.any_finding.bad} bad, {result.any_finding.good} good)")
        print(result.any_finding.line("findings"))
        print(result.checklist.line("checklist item unmet"))
        if args.misses:
            print("\n".join(result.misses))
        total.any_finding += result.any_finding
        total.checklist += result.checklist
    if len(args.files) > 1:
        print("all files")
        print(total.any_finding.line("findings"))
        print(total.checklist.line("checklist item unmet"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
