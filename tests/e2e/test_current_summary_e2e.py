"""The situation as it stands, end to end in Chromium and through a real SMTP server
(aiosmtpd): escalate, post two updates that change the impact, resolve. The status page's
top, the second pre-read, the digest and the resolved page all show the last figures; the
executive chooses an option of a "choose between" ask from an update email on a 390 px
phone, and the author sees which."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from escalations import models as m
from escalations.meetings import services as meetings
from escalations.outbox import engine as delivery
from escalations.subscriptions import services as subs
from tests import factories as f
from tests.e2e.steps import write_update
from tests.escalations.meetings import realparts as rp

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "Failures down to 12% of US card payments; $98,000 lost so far."
SECOND = "Failures down to 0.4% of US card payments; $135,000 lost so far."
FINAL = "3,100 US customers could not pay for 2 h 40 min; $162,000 lost in all."


def send_due() -> None:
    """What the dispatch tick and the worker do, in this thread."""
    now = timezone.now()
    for pk in delivery.dispatches_queue_due(now=now, enqueue=lambda pks: None):
        delivery.dispatch_send(pk=pk, now=now)


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_the_last_figures_everywhere_and_a_choice_made_from_a_phone(
    page, live_server, login, screenshot, settings
):
    settings.SITE_URL = live_server.url  # links in emails lead to this test's server
    author = f.UserFactory(
        username="dana", email="dana@example.com", first_name="Dana", last_name="Okafor"
    )
    f.ProfileFactory(user=author, time_zone="Europe/Berlin")
    now = timezone.now()
    e = f.EscalatedFactory(
        owner=author,
        title="US card payments failing at checkout",
        impact_headline="Every US card payment fails at checkout since 08:10; 100% failing.",
        executive_name="Maya Chen",
        executive_email="maya@example.com",
        executive_time_zone="Europe/Berlin",
        escalated_at=now - timedelta(hours=3),
        last_updated_at=now - timedelta(minutes=20),
        next_update_due_at=now + timedelta(minutes=40),
    )
    ask = f.AskFactory(
        escalation=e,
        decision="Choose between a refund and a service credit for affected merchants",
        kind=m.AskKind.CHOOSE_OPTION,
        options="Full refund ($60K)\nService credit ($25K)",
        decide_by=now + timedelta(hours=6),
    )
    # The first 1:1 took place two hours ago; the author recorded what was agreed.
    f.MeetingFactory(
        escalation=e,
        starts_at=now - timedelta(hours=2),
        agreed="I send the refund options by noon.",
        outcome=m.MeetingOutcome.MIXED,
    )
    # A peer lead reads the daily digest.
    digest_reader = m.Subscription.objects.create(
        escalation=e,
        email="lee@example.com",
        mode=m.SubscriptionMode.DIGEST,
        digest_at=(now - timedelta(minutes=1)).time(),
        time_zone="UTC",
        link_key="k" * 32,
        confirmed_at=now - timedelta(hours=2),
        digest_covered_until=now - timedelta(hours=1),
    )

    with rp.smtp_server() as sink:
        # The author posts two updates, restating the impact each time (prefilled).
        login(author)
        page.goto(f"{live_server.url}{e.get_absolute_url()}")
        impact = page.get_by_label("Impact now", exact=True)
        expect(impact).to_have_value(e.impact_headline)
        for body, figures in (
            ("Rerouted 60% of US traffic to the backup processor.", FIRST),
            ("All US traffic on the backup processor; fix ships at 15:00.", SECOND),
        ):
            write_update(page, body)
            page.get_by_label("Impact now", exact=True).fill(figures)
            page.get_by_role("button", name="Post update").click()
            expect(page.locator("#updates-panel")).to_contain_text(figures)
        send_due()
        assert sink.wait_for(
            lambda got: sum(r.rcpt == ["maya@example.com"] for r in got) == 2, timeout=10
        )

        # The status page's top shows the last figures, above the write-up as first reported.
        status_url = next(
            re.search(r"Status page: (\S+)", text_part(r.message)).group(1)  # type: ignore[union-attr]
            for r in sink.received
            if r.rcpt == ["maya@example.com"]
        )
        page.goto(status_url)
        top = page.locator("#sp-now")
        expect(top).to_contain_text(f"Impact now: {SECOND}")
        expect(top).to_contain_text("What changed: All US traffic on the backup processor")
        expect(page.locator("#sp-impact-h")).to_contain_text("as first reported")
        screenshot("summary-status-page")

        # The executive opens the second update email on a 390 px phone and chooses.
        latest = [r.message for r in sink.received if r.rcpt == ["maya@example.com"]][-1]
        subject = str(latest["Subject"])
        assert subject.startswith("All US traffic on the backup") and len(subject) < 70
        assert latest["In-Reply-To"] == latest["References"]  # one thread per escalation
        phone = page.context.browser.new_page(viewport={"width": 390, "height": 844})
        phone.set_content(html_part(latest))
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        choice = phone.get_by_role("link", name="Service credit ($25K)")
        box = choice.bounding_box()
        assert box is not None and box["height"] >= 44
        # The asks come first: the button is on the first screen.
        assert box["y"] + box["height"] <= 844
        assert phone.get_by_role("link", name="Full refund ($60K)").bounding_box()["height"] >= 44
        phone.screenshot(path=str(screenshot("summary-update-email-390").with_suffix(".png")))
        choice.click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "Choose “Service credit ($25K)”?"
        )
        phone.get_by_role("button", name="Choose “Service credit ($25K)”").click()
        expect(phone.get_by_role("status")).to_contain_text(
            "Your answer is recorded: Chose “Service credit ($25K)”."
        )
        phone.close()
        ask.refresh_from_db()
        assert ask.chosen_option == "Service credit ($25K)"

        # The second pre-read continues the conversation, with the last figures.
        meetings.meeting_schedule(
            escalation=e,
            starts_at=timezone.now() + timedelta(minutes=20),
            time_zone="Europe/Berlin",
        )
        send_due()
        assert sink.wait_for(
            lambda got: any(rp.subject(r.message).startswith("Pre-read") for r in got), timeout=10
        )
        preread = next(
            r.message for r in sink.received if rp.subject(r.message).startswith("Pre-read")
        )
        text = text_part(preread)
        assert text.index("AGREED AT OUR LAST 1:1") < text.index("SINCE OUR LAST 1:1")
        assert "I send the refund options by noon." in text
        assert "Chose “Service credit ($25K)”" in text
        assert "$135,000 lost so far" in text and "100% failing" not in text
        words = len(re.findall(r"\S+", text))
        assert words <= 250, f"the pre-read as received has {words} words"

        # The digest leads with the current summary, the updates newest first.
        at = timezone.now() - timedelta(seconds=1)
        m.Subscription.objects.filter(pk=digest_reader.pk).update(digest_at=at.time())
        assert subs.digests_scan(now=timezone.now()).written == 1
        send_due()
        assert sink.wait_for(lambda got: any(r.rcpt == ["lee@example.com"] for r in got), 10)
        digest = text_part(next(r.message for r in sink.received if r.rcpt == ["lee@example.com"]))
        assert digest.index(f"Impact now: {SECOND}") < digest.index("Rerouted 60%")
        assert digest.index("All US traffic on the backup") < digest.index("Rerouted 60%")

        # The author resolves with the final figures; the page reads in the past tense.
        page.goto(f"{live_server.url}{e.get_absolute_url()}")
        final = page.locator("#state-impact")
        expect(final).to_have_value(SECOND)
        final.fill(FINAL)
        page.get_by_role("button", name="Mark resolved").click()
        # Resolving asks first: the final figures as typed, and the note readers get.
        expect(page.locator("#state-impact")).to_have_value(FINAL)
        page.locator("#state-note").fill("Primary processor fixed; all traffic back since 16:05.")
        page.get_by_role("button", name="Mark resolved").click()
        # The author sees which option the executive chose.
        expect(page.locator(f'#asks [data-ask="{ask.pk}"]')).to_contain_text(
            "Chose “Service credit ($25K)”"
        )
        screenshot("summary-author-page")
        page.goto(status_url)
        top = page.locator("#sp-now")
        expect(top).to_contain_text("How it ended")
        expect(top).to_contain_text(f"Final impact: {FINAL}")
        expect(top).not_to_contain_text("$135,000")
        screenshot("summary-resolved-page")
