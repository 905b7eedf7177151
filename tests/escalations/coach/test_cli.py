"""The `coach --jsonl` command-line contract that other tools rely on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from escalations.management.commands.coach import Command

ROOT = Path(__file__).resolve().parents[3]
KEYS = {"rule", "severity", "message", "suggestion", "start", "end"}
ITEM_KEYS = {"rule", "item", "severity", "met", "answered_by", "message", "suggestion"}


def unmet(answer: dict) -> set[str]:
    return {item["rule"] for item in answer["checklist"] if not item["met"]}


def run_in_process(stdin_text: str) -> tuple[list[dict], int]:
    """Run the command through call_command with injected stdin; return answers and exit code."""
    out = io.StringIO()
    code = 0
    try:
        call_command("coach", "--jsonl", stdin=io.StringIO(stdin_text), stdout=out)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return [json.loads(line) for line in out.getvalue().splitlines()], code


def jsonl(*objects: object) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


def test_one_answer_per_line_in_order_with_the_contract_keys():
    answers, code = run_in_process(
        jsonl(
            {"section": "impact", "text": "A few users might be seeing errors."},
            {"section": "ask", "text": "Approve $14K for two contractors by Wednesday."},
        )
    )
    assert code == 0
    assert len(answers) == 2
    first, second = answers
    assert set(first) == {"findings", "checklist"}
    assert {f["rule"] for f in first["findings"]} >= {"vague-quantity", "hedging"}
    for finding in first["findings"]:
        assert set(finding) == KEYS
        assert finding["severity"] in {"error", "warning", "hint"}
    # Language findings and the section's checklist are reported apart.
    assert {f["rule"] for f in first["findings"]}.isdisjoint(unmet(first))
    assert second["findings"] == [] and unmet(second) == set()
    for item in second["checklist"]:
        assert set(item) == ITEM_KEYS and item["met"] and item["answered_by"] == "text"


def test_a_good_sentence_missing_a_checklist_item_gets_no_finding():
    # The opener says the impact; that I own it is for the checklist, not a mark.
    answers, _ = run_in_process(
        jsonl({"section": "opener", "text": "Checkout failed for 18% of payments since 09:40."})
    )
    assert answers[0]["findings"] == []
    assert unmet(answers[0]) == {"opener-needs-owner"}


def test_offsets_index_the_text_as_sent_including_curly_quotes():
    text = "We’re “possibly” affected."
    answers, _ = run_in_process(jsonl({"section": "impact", "text": text}))
    hedges = [f for f in answers[0]["findings"] if f["rule"] == "hedging"]
    assert [text[f["start"] : f["end"]] for f in hedges] == ["possibly"]


def test_bad_lines_get_an_error_in_place_and_exit_status_two():
    stdin_text = (
        jsonl({"section": "update", "text": "More soon."})
        + "not json\n"
        + "\n"
        + jsonl({"section": "summary", "text": "x"})
        + jsonl({"section": "impact"})
        + jsonl({"section": "impact", "text": 42})
        + jsonl(["impact", "text"])
        + jsonl({"section": "ask", "text": "Decide by 16:00 today: option A or B."})
    )
    answers, code = run_in_process(stdin_text)
    assert code == 2
    assert len(answers) == 8
    assert "findings" in answers[0] and answers[0]["findings"]
    for answer in answers[1:7]:
        assert set(answer) == {"error"} and answer["error"]
    assert "summary" in answers[3]["error"]
    assert answers[7]["findings"] == [] and unmet(answers[7]) == set()


def test_stdin_can_be_injected_on_the_command_instance():
    out = io.StringIO()
    command = Command(stdout=out)
    command.stdin = io.StringIO(jsonl({"section": "opener", "text": "Have you seen this?"}))
    call_command(command, "--jsonl")
    (answer,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "fishing-question" in {f["rule"] for f in answer["findings"]}


def test_empty_input_writes_nothing_and_succeeds():
    assert run_in_process("") == ([], 0)


def test_help_documents_blank_lines_and_exit_status():
    help_text = Command().help
    assert "blank" in help_text and "status 2" in help_text


def run_subprocess(stdin_text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "coach", "--jsonl"],
        input=stdin_text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )


@pytest.mark.timeout(120)
def test_real_process_answers_valid_lines_and_exits_two_on_a_bad_one():
    result = run_subprocess(
        jsonl({"section": "cause", "text": "Something went wrong with the config."})
        + "{broken\n"
        + jsonl({"section": "ownership", "text": "I approved the change without a canary."})
    )
    assert result.returncode == 2, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 3
    assert answers[0]["findings"][0]["rule"] == "vague-description"
    assert set(answers[1]) == {"error"}
    assert answers[2]["findings"] == [] and unmet(answers[2]) == set()


@pytest.mark.timeout(120)
def test_real_process_exits_zero_when_every_line_is_valid():
    result = run_subprocess(
        jsonl(
            {"section": "update", "text": "No change since 14:00. Next update at 15:00 UTC."},
            {"section": "impact", "text": "Naïve “quote” test: some users are affected."},
        )
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert answers[0]["findings"] == [] and unmet(answers[0]) == set()
    assert "vague-quantity" in {f["rule"] for f in answers[1]["findings"]}


def test_deeply_nested_json_gets_an_error_and_the_next_line_is_still_answered():
    """Issue 11: '[' * 1000 + ']' * 1000 raised RecursionError and ended the run (exit 1)."""
    valid = json.dumps({"section": "impact", "text": "A few users might see errors"})
    nested = "[" * 100_000 + "]" * 100_000
    result = run_subprocess(nested + "\n" + "[" * 1000 + "]" * 1000 + "\n" + valid + "\n")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert set(lines[0]) == {"error"} and set(lines[1]) == {"error"}
    assert "findings" in lines[2] and lines[2]["findings"]


def test_any_exception_on_a_line_becomes_an_error_on_that_line(monkeypatch):
    from escalations.management.commands import coach as command

    real = command.check

    def flaky(section, text):
        if text == "boom":
            raise RuntimeError("unexpected")
        return real(section, text)

    monkeypatch.setattr(command, "check", flaky)
    answers, code = run_in_process(
        jsonl({"section": "impact", "text": "boom"}, {"section": "impact", "text": "A few users"})
    )
    assert code == 2
    assert answers[0] == {"error": "could not check this line (RuntimeError)"}
    assert "findings" in answers[1]
