"""The one text policy holds everywhere: no form of Upward, the admin's included, accepts a NUL
or a BEL in a field a person types into (escalations/formfields.py).

The walk imports every module of the project and finds every form class defined in it, so a
new form that forgets the policy (derives from ``forms.Form`` instead of ``TextForm``)
fails here, named.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

PACKAGES = ("escalations", "statuspages", "config")
# Settings modules for other environments (production refuses to start without its secrets).
NOT_IMPORTED = ("config.settings.",)
BAD = {"BEL": "\x07", "NUL": "\x00"}
TEXT_INPUTS = {"text", "email", "url", "search", "password", "tel", "hidden"}


def _import_everything() -> None:
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if not info.name.startswith(NOT_IMPORTED) and ".migrations" not in info.name:
                importlib.import_module(info.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _abstract(cls: type) -> bool:
    """A model form base without a model (``TextModelForm``, ``StepForm``): its subclasses
    are the forms people fill in."""
    return (
        issubclass(cls, forms.BaseModelForm)
        and getattr(getattr(cls, "Meta", None), "model", None) is None
    )


def project_forms() -> list[type[forms.BaseForm]]:
    _import_everything()
    return sorted(
        (
            c
            for c in _subclasses(forms.BaseForm)
            if c.__module__.split(".")[0] in PACKAGES and not _abstract(c)
        ),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def _is_text(field: forms.Field) -> bool:
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return True
    return (
        isinstance(widget, forms.widgets.Input) and getattr(widget, "input_type", "") in TEXT_INPUTS
    )


# How to build the few forms that need more than their data; a new one that needs something
# else fails with a TypeError naming it: add it here.
def _build_kwargs(cls: type) -> dict[str, Any]:
    name = cls.__name__
    if name == "StateForm":
        return {"choices": [("contained", "Contained")]}
    if name == "CadenceForm":
        return {"escalation": f.EscalatedFactory()}
    if name == "CoauthorAddForm":
        return {"candidates": []}
    return {}


# Data that makes a form grow its fields (one reason field per coach finding).
SEED = {"OverrideReasonsForm": {"override:rule:impact:0": "A reason long enough to keep."}}


def _refuses(form_cls: type, build: dict[str, Any], seed: dict[str, str]) -> list[str]:
    """The text fields of ``form_cls`` that accept a control character."""
    probe = form_cls(data=dict(seed), **build)
    accepted = []
    for name, field in probe.fields.items():
        if not _is_text(field):
            continue
        for label, char in BAD.items():
            form = form_cls(data={**seed, probe.add_prefix(name): f"Maria{char}Lopez"}, **build)
            form.is_valid()
            if isinstance(field, forms.CharField):
                # The policy's own message, not a coincidence of another check.
                refused = form.has_error(name, code="control_characters")
            else:
                refused = name in form.errors
            if not refused:
                accepted.append(f"{name} ({label})")
    return accepted


def test_the_walk_finds_the_forms_people_type_into():
    names = {c.__name__ for c in project_forms()}
    assert {
        "ProfileForm",
        "ExecutiveDecisionForm",
        "AskDecisionForm",
        "UpdateForm",
        "ImpactForm",
        "ShareLinkForm",
        "SubscribeForm",
    } <= names


@pytest.mark.parametrize("form_cls", project_forms(), ids=lambda c: c.__qualname__)
def test_no_form_accepts_a_control_character(form_cls):
    accepted = _refuses(form_cls, _build_kwargs(form_cls), SEED.get(form_cls.__name__, {}))
    assert not accepted, f"{form_cls.__module__}.{form_cls.__qualname__} accepts {accepted}"


def _admin_forms() -> list[tuple[str, type]]:
    superuser: Any = f.UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    found = []
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        label = f"{model._meta.label} admin"
        found.append((f"{label} (add)", model_admin.get_form(request, None)))
        if isinstance(superuser, model):
            found.append((f"{label} (change)", model_admin.get_form(request, superuser)))
    return found


def test_no_admin_form_accepts_a_control_character():
    """Where a person types in the admin (review notes, a link's label, a user's name)."""
    offenders = {}
    checked = 0
    for label, form_cls in _admin_forms():
        accepted = _refuses(form_cls, {}, {})
        checked += 1
        if accepted:
            offenders[label] = accepted
    assert checked >= 5
    assert not offenders, offenders


@pytest.mark.parametrize("char", list(BAD.values()), ids=list(BAD))
def test_the_profile_name_with_a_control_character_is_refused_and_kept(author_client, char):
    """What the author typed comes back in the form with the reason; nothing is saved."""
    typed = f"Maria{char}Lopez"
    response = author_client.post(
        reverse("escalations:profile"),
        {"display_name": typed, "email": "maria@example.com", "time_zone": "UTC"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "invisible character" in html
    user = response.wsgi_request.user
    user.refresh_from_db()
    assert char not in user.first_name
