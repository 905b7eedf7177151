"""Validation for the author's chat-webhook form; no side effects."""

from __future__ import annotations

from django import forms

from escalations import outbound
from escalations.formfields import TextForm
from escalations.models import ChatFormat

FORMAT_CHOICES = [("auto", "Tell from the URL"), *ChatFormat.choices]


class ChatWebhookForm(TextForm):
    url = forms.URLField(
        label="Incoming-webhook URL",
        max_length=1000,
        assume_scheme="https",
        help_text="Slack: Apps → Incoming Webhooks. Teams: Workflows → “Post to a channel "
        "when a webhook request is received”. Kept secret: shown back only as host and last "
        "4 characters.",
        error_messages={
            "required": "Paste the webhook URL your chat app gave you.",
            "invalid": "That is not a URL: paste the whole https://… address.",
        },
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    format = forms.ChoiceField(label="Card format", choices=FORMAT_CHOICES, initial="auto")

    def clean_url(self) -> str:
        """https on port 443, a chat service's host, public addresses only (the rules of
        escalations/outbound.py, which every post checks again)."""
        url = self.cleaned_data["url"].strip()
        try:
            outbound.check_url(url)
        except outbound.OutboundRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url
