"""Whatever an author pastes into an update, readers' browsers run nothing from it."""

from __future__ import annotations

import json

import pytest

from escalations.updates.services import update_post
from tests.factories import EscalatedFactory, ShareLinkFactory
from tests.html import assert_inert

pytestmark = pytest.mark.django_db

TOKEN = "x" * 43

PAYLOADS = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "[click](java&#09;script:alert(1))",
    "[click](vbscript:msgbox(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](https://evil.example/track.png)",
    "<svg onload=alert(1)><circle/></svg>",
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="javascript:alert(1)">raw link</a>',
    "<details open ontoggle=alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "[ok](https://example.com/a?b=1&c=<script>)",
    "`<script>alert(1)</script>`",
    '"><script>alert(1)</script>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_update_bodies_come_out_inert_on_every_surface(client, payload):
    escalation = EscalatedFactory()
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    update_post(escalation=escalation, author=escalation.owner, body=payload)

    page = client.get(f"/s/{TOKEN}/").content.decode()
    body = page.split('<ol class="sp-timeline" id="sp-timeline">')[1].split("</ol>")[0]
    assert_inert(body)
    assert "evil.example" not in body or "<a" not in body

    fragment = client.get(f"/s/{TOKEN}/live/").content.decode()
    assert_inert(fragment)

    data = json.loads(client.get(f"/s/{TOKEN}/status.json").content)
    assert_inert(data["updates"][0]["body_html"])


def test_links_that_survive_are_http_and_carry_rel(client):
    escalation = EscalatedFactory()
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    update_post(
        escalation=escalation,
        author=escalation.owner,
        body="Dashboard: [errors](https://grafana.example.com/d/1)",
    )
    page = client.get(f"/s/{TOKEN}/").content.decode()
    assert 'href="https://grafana.example.com/d/1"' in page
    assert 'rel="noopener noreferrer nofollow"' in page


def test_a_hostile_title_is_escaped(client):
    escalation = EscalatedFactory(title="<script>alert(1)</script> outage")
    ShareLinkFactory(escalation=escalation, token=TOKEN)
    page = client.get(f"/s/{TOKEN}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; outage" in page
