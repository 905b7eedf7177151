"""Company sign-in with OpenID Connect, beside local accounts (docs/sign-in.md)."""
