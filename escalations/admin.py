"""Django looks for ``<app>.admin``; the review room (escalations/review/admin.py) holds it."""

from escalations.directory import admin as directory_admin  # noqa: F401 - the Executive admin
from escalations.review import admin as review_admin  # noqa: F401 - registers the ModelAdmins
