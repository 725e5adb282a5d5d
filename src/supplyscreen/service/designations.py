"""A team's own designations: added and withdrawn by its administrators, each edit in the audit log.

The team's registry (``screenings.team_registry``) applies them on top of the bundled lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyscreen.service.screenings import NotFound
from supplyscreen.store import audit
from supplyscreen.store import models as m


def designate(s: Session, team_id: int, actor: str, name: str, reason: str, entity_id: str = "", scope: str = "",
              citation: str = "", added: dt.date | None = None) -> m.RegistryEdit:
    """Designate a party for the team: an existing entity by id, or a new name."""
    payload: dict[str, Any] = {"name": name}
    if entity_id:
        payload["id"] = entity_id
    for k, v in (("scope", scope), ("citation", citation)):
        if v:
            payload[k] = v
    if added:
        payload["added"] = added.isoformat()
    e = m.RegistryEdit(team_id=team_id, actor=actor, action="designate", entity_id=entity_id or name,
                       entity_name=name, payload=audit.canonical(payload), reason=reason)
    s.add(e)
    s.flush()
    audit.append(s, actor, "registry.designate", f"entity:{e.entity_id}", {**payload, "reason": reason}, team_id)
    return e


def withdraw(s: Session, team_id: int, actor: str, entity_id: str, reason: str) -> m.RegistryEdit:
    """Withdraw one of the team's designations (its history stays in the edits and the audit log);
    NotFound when the team has no standing designation of ``entity_id``."""
    last = s.scalar(select(m.RegistryEdit).where(m.RegistryEdit.team_id == team_id,
                                                 m.RegistryEdit.entity_id == entity_id)
                    .order_by(m.RegistryEdit.id.desc()).limit(1))
    if last is None or last.action != "designate":
        raise NotFound(f"the team has no designation of {entity_id!r} to withdraw")
    e = m.RegistryEdit(team_id=team_id, actor=actor, action="withdraw", entity_id=entity_id,
                       entity_name=last.entity_name, payload="{}", reason=reason)
    s.add(e)
    s.flush()
    audit.append(s, actor, "registry.withdraw", f"entity:{e.entity_id}", {"reason": reason}, team_id)
    return e


def edits(s: Session, team_id: int) -> list[m.RegistryEdit]:
    """The team's designations and withdrawals, oldest first."""
    return list(s.scalars(select(m.RegistryEdit).where(m.RegistryEdit.team_id == team_id)
                          .order_by(m.RegistryEdit.id)))
