"""The executive directory: the people escalations are addressed to, known once.

Authors pick an executive in triage (``escalations.wizard.forms.TriageForm``) or add one
there; the executive's choice of how updates reach them lives on the entry and applies to
every escalation addressed to them; reviewers read each one's history in the admin.
"""
