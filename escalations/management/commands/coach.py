"""`manage.py coach --jsonl`: the clarity coach as a line-oriented filter for other tools.

The contract is fixed because editor plugins and CI checks depend on it: one JSON answer
per input line, in order, flushed as soon as it is written so the command can also be
driven as a long-running co-process.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from escalations.coach import SECTIONS, check, checklist

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Run the clarity coach over JSON lines read from stdin. Each input line is "
        '{"section": S, "text": T} with S one of: ' + ", ".join(SECTIONS) + ". "
        "Each output line, in the same order, is "
        '{"findings": [{"rule", "severity", "message", "suggestion", "start", "end"}], '
        '"checklist": [{"rule", "item", "severity", "met", "answered_by", "message", '
        '"suggestion"}]}: findings are the language findings, anchored in the words, with '
        "severity error|warning|hint and start/end as character (Unicode code point) "
        "offsets into T; the checklist is what the section as a whole must carry (a number, "
        "an owner, a date, a decision, the next update), met or not, never anchored in the "
        "words. Keys other than section and text are ignored. "
        'A line that is not valid JSON, is blank, or lacks a string section or text gets {"error": '
        '"..."} on its line instead, as does a line the coach cannot handle for any other '
        "reason; every other line is still answered, and the command "
        "then exits with status 2 (0 when every line was valid)."
    )
    # Purely textual: no database, so skip system checks and keep start-up fast.
    requires_system_checks: list[str] = []
    # Lets `call_command("coach", "--jsonl", stdin=...)` inject the input in tests.
    stealth_options = ("stdin",)

    stdin: IO[str] | None = None

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help="Read JSON lines from stdin and write one JSON line per input line.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["jsonl"]:
            raise CommandError("only --jsonl mode exists: pipe JSON lines into `coach --jsonl`")
        stream = options.get("stdin") or self.stdin or sys.stdin
        any_error = False
        for raw in _lines(stream):
            try:
                answer = answer_line(raw)
            except Exception as exc:  # noqa: BLE001 - one bad line must not end the run
                # e.g. RecursionError from JSON nested a thousand levels deep: this line gets
                # an error, the next lines are still answered (the contract above).
                answer = {"error": f"could not check this line ({type(exc).__name__})"}
            any_error = any_error or "error" in answer
            self.stdout.write(json.dumps(answer), ending="\n")
            self.stdout.flush()
        if any_error:
            raise SystemExit(EXIT_BAD_INPUT)


def _lines(stream: IO[Any]) -> Iterable[str | bytes]:
    """Input lines; the real stdin is read as bytes so bad UTF-8 costs one line, not the run."""
    if stream is sys.stdin and hasattr(stream, "buffer"):
        return iter(stream.buffer.readline, b"")
    return iter(stream.readline, "")


def answer_line(raw: str | bytes) -> dict[str, Any]:
    """The JSON object to print for one input line (a findings answer or an error)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return {"error": "line is not valid UTF-8"}
    line = raw.rstrip("\r\n")
    if not line.strip():
        return {"error": 'blank line; expected {"section": ..., "text": ...}'}
    try:
        payload = json.loads(line)
    except ValueError as exc:
        return {"error": f"invalid JSON: {exc}"}
    if not isinstance(payload, dict):
        return {"error": 'expected a JSON object {"section": ..., "text": ...}'}
    section, text = payload.get("section"), payload.get("text")
    if not isinstance(section, str):
        return {"error": '"section" must be a string'}
    if not isinstance(text, str):
        return {"error": '"text" must be a string'}
    try:
        findings = check(section, text)
        items = checklist(section, text)
    except ValueError as exc:
        return {"error": str(exc)}
    return {
        "findings": [finding.as_dict() for finding in findings],
        "checklist": [item.as_dict() for item in items],
    }
