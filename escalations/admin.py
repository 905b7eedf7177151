"""Django looks for ``<app>.admin``; the review room (escalations/review/admin.py) holds it."""

from escalations.review import admin as review_admin  # noqa: F401 - registers the ModelAdmins
