"""After resolution: the root-cause analysis, its review with the executive, and the
preventive actions followed to done (docs/rca.md)."""
