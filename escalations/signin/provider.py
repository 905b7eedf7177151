"""Where the company's OpenID provider is, read once from its discovery document.

The deployment names the provider by one URL, ``OIDC_DISCOVERY_URL`` (its issuer, or the
issuer's ``/.well-known/openid-configuration``). The endpoints Upward needs are read from
that document the first time someone signs in with the provider, then kept for the life of
the process: a password login never waits on the provider, and a provider that is down
when Upward starts is asked again at the next company sign-in (a failure is not kept).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings

WELL_KNOWN = "/.well-known/openid-configuration"


class ProviderUnavailable(Exception):
    """The discovery document could not be read, or lacks an endpoint Upward needs."""


@dataclass(frozen=True)
class ProviderEndpoints:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str  # "" when the provider offers no RP-initiated sign-out


_cache: dict[str, ProviderEndpoints] = {}
_lock = threading.Lock()


def oidc_enabled() -> bool:
    """A provider is configured: discovery URL, client id and client secret are all set."""
    return bool(
        settings.OIDC_DISCOVERY_URL
        and settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_RP_CLIENT_SECRET
    )


def discovery_document_url(url: str) -> str:
    url = url.strip()
    if url.rstrip("/").endswith(WELL_KNOWN):
        return url.rstrip("/")
    return url.rstrip("/") + WELL_KNOWN


def provider_origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL ("" for an empty one): the origin the sign-out form
    may be redirected to under the Content-Security-Policy's form-action."""
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def provider_endpoints() -> ProviderEndpoints:
    """The configured provider's endpoints (fetched once per process)."""
    url = discovery_document_url(settings.OIDC_DISCOVERY_URL)
    found = _cache.get(url)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(url)
        if found is None:
            found = _fetch(url)
            _cache[url] = found
    return found


def _fetch(url: str) -> ProviderEndpoints:
    try:
        response = httpx.get(url, timeout=settings.OIDC_TIMEOUT, follow_redirects=False)
        response.raise_for_status()
        doc = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderUnavailable(f"could not read {url}: {exc.__class__.__name__}") from exc
    if not isinstance(doc, dict):
        raise ProviderUnavailable(f"{url} is not a JSON object")
    missing = [
        k
        for k in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not doc.get(k)
    ]
    if missing:
        raise ProviderUnavailable(f"{url} names no {', '.join(missing)}")
    return ProviderEndpoints(
        issuer=str(doc["issuer"]),
        authorization_endpoint=str(doc["authorization_endpoint"]),
        token_endpoint=str(doc["token_endpoint"]),
        jwks_uri=str(doc["jwks_uri"]),
        end_session_endpoint=str(doc.get("end_session_endpoint") or ""),
    )
