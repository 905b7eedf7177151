"""Email as one `.eml` file per message, so a mail client opens what `make run` sent.

Django's file backend appends every message of a connection to one `.log` file with
separators, which no mail client reads. This writes each message's RFC 822 bytes to its own
`var/mail/<time>-<n>.eml`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

_sequence = itertools.count(1)


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)
        self.directory.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
            name = f"{stamp}-{os.getpid()}-{next(_sequence)}.eml"
            (self.directory / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
            sent += 1
        return sent
