"""A failed screening's reason, as the web page and the API show it: short, naming the line, and
naming nothing only the command line has (no flags)."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from supplyscreen.errors import MESSAGE_LIMIT
from supplyscreen.service import screenings, users
from supplyscreen.store import models as m


@pytest.mark.parametrize(("data", "says"), [
    (b"colour,size\nred,large\n", "Give the maker's column a header such as Vendor"),
    (",".join(f"column {i}" for i in range(100_000)).encode() + b"\nx,y\n", "and 99,980 more"),
    (b'ref,maker\nK1,Juniper\nK2,"Brother\nK3,Dahua\n', "offer.csv:3: cannot be read as CSV"),
])
def test_a_failed_screening_says_why_in_words_the_web_and_api_user_can_act_on(
        store, data: bytes, says: str) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        u = users.create_user(s, "procurement", "officer-a", "correct horse battery", "officer")
        team, actor = u.team_id, u.username
    sid = screenings.submit(store, screenings.Submission(team, actor, None, "offer.csv", data, "us-ndaa-889"))
    with store.session() as s:
        sc = screenings.get(s, team, sid)
        assert sc.status == m.FAILED and says in sc.error
        assert " --" not in sc.error and len(sc.error) <= MESSAGE_LIMIT + 60
