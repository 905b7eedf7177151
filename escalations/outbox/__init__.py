"""The outbox: every message Upward owes someone is first an ``OutboxMessage`` row.

Data flows one way: a service owes a message by writing a row with its ``send_at`` (and
mints any link the message carries) → a beat tick hands due rows to the broker → a worker
claims each row with a conditional UPDATE, builds the message and sends it (``engine``).
One module per message says how it is built and whether it is still owed at send time:
``preread`` (and its moved/cancelled notes), ``followup``, ``heads_up``, ``reminder`` (the
stale scan, the author's reminder, the executive's notice), ``update``, ``digest``,
``decision``, ``confirmation`` and ``chat``. ``mail`` holds what every email shares;
``owe`` the dedupe-key stamp and the after-commit publish; ``links`` the status-page links.
"""
