from __future__ import annotations

import pytest

from escalations.markdown import render_markdown
from escalations.selectors import escalation_full_queryset
from escalations.wizard import briefing
from tests import factories as f
from tests.html import assert_inert

pytestmark = pytest.mark.django_db


def _full(e):
    return escalation_full_queryset().get(pk=e.pk)


def test_opening_line_combines_impact_and_ownership_in_one_sentence():
    e = f.EscalationFactory(
        impact_headline="2,400 SSO customers cannot log in since 08:00 UTC. More detail follows.",
        ownership_statement="I owned the certificate renewal and I missed the expiry alert.",
    )
    line = briefing.opening_line(e)
    assert line.startswith("2,400 SSO customers cannot log in since 08:00 UTC")
    assert "I owned the certificate renewal" in line
    assert "More detail follows" not in line
    assert line.count(". ") == 0 and line.endswith(".")


def test_talk_track_keeps_the_fixed_order():
    e = f.EscalationFactory()
    f.RemediationActionFactory(escalation=e)
    f.AskFactory(escalation=e)
    f.AnticipatedQuestionFactory(escalation=e, question="Which customers?")
    f.AnticipatedQuestionFactory(escalation=e, question="Will it happen again?")
    titles = [p.title for p in briefing.talk_track(_full(e), "Europe/Berlin")]
    assert titles == [
        "Open with",
        "1. Impact",
        "2. Root cause",
        "3. Ownership",
        "4. Remediation",
        "5. Asks",
        "If they ask",
        "Close with the asks",
    ]


def test_preread_has_the_four_headings_in_order_and_executive_times():
    e = f.EscalationFactory(executive_time_zone="America/New_York")
    f.AskFactory(escalation=e, decision="Approve $12,000 for a second IdP region")
    pr = briefing.preread(_full(e))
    assert [p.title for p in pr.parts] == list(briefing.PREREAD_HEADINGS)
    md = pr.markdown
    assert (
        md.index("What happened")
        < md.index("Why it matters")
        < md.index("What we're doing")
        < md.index("What I need")
    )
    # Each figure once: the headline already says 2,400, so no bullet repeats it.
    assert "12.5% of requests or transactions failing" in md
    assert "2,400 customers or accounts affected" not in md
    assert "EST" in md or "EDT" in md
    assert 0 < pr.word_count <= briefing.PREREAD_WORD_TARGET


def test_information_only_escalation_says_so_in_the_preread():
    e = f.EscalationFactory(
        asks_information_only=True, asks_information_only_reason="the fix is in hand"
    )
    assert "No decision needed" in briefing.preread(_full(e)).parts[3].markdown


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="#" onclick="alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=https://evil.example></iframe>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "![tracker](https://evil.example/pixel.png)",
    ],
)
def test_author_markdown_comes_out_inert(payload):
    assert_inert(str(render_markdown(payload)))


def test_links_get_rel_and_keep_https():
    html = str(render_markdown("[status](https://status.example.com)"))
    assert 'href="https://status.example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
