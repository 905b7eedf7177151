"""The author's side of publishing: their share links on the escalation page (panel,
create, revoke, the executive's own link). Behind login, owner-only; the public pages are
statuspages/views.py."""
