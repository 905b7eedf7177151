"""Remediation actions after escalation: the author marks each one done, with a note."""
