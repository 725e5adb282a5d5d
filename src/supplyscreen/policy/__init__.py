"""Policies: the rules that turn evidence into exclude / review / allow, per jurisdiction."""

from __future__ import annotations

from supplyscreen.errors import PolicyError
from supplyscreen.policy.base import Policy, Verdict
from supplyscreen.policy.builtin import DefaultPolicy

DEFAULT_POLICY = "us-ndaa-889"


def available() -> dict[str, str]:
    """Policy ids and names that ``get_policy`` accepts."""
    return {DefaultPolicy.id: DefaultPolicy.name}


def get_policy(policy_id: str = DEFAULT_POLICY) -> Policy:
    if policy_id == DefaultPolicy.id:
        return DefaultPolicy()
    raise PolicyError(f"unknown policy {policy_id!r}; available: {', '.join(sorted(available()))}")


__all__ = ["DEFAULT_POLICY", "Policy", "Verdict", "available", "get_policy"]
