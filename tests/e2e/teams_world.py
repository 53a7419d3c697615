"""A served Samverka with the Teams front door, fakes of what Microsoft runs
(tests/e2e/fake_teams.py) and the Slack world's people, initiative, series
and open check-in round."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from adapters.teams.app import TeamsFrontDoor
from adapters.teams.store import TeamsStore, teams_engine
from samverka.asgi import web_app
from samverka.bootstrap import Container, bootstrap
from samverka.settings import Settings
from tests.clock import FixedClock
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.fake_teams import APP_ID, APP_SECRET, TENANT_ID, FakeMicrosoft, fake_microsoft
from tests.e2e.server import running
from tests.e2e.slack_world import NOW, seed

BOT = {"id": f"28:{APP_ID}", "name": "Samverka"}
ANNA = {
    "id": "29:anna",
    "name": "Anna Jonsson",
    "aadObjectId": "0a0a0a0a-0000-4000-8000-00000000a001",
}
BENGT = {
    "id": "29:bengt",
    "name": "Bengt Stavenow",
    "aadObjectId": "0b0b0b0b-0000-4000-8000-00000000b002",
}
NOBODY = {"id": "29:nobody", "name": "Okänd", "aadObjectId": "0c0c0c0c-0000-4000-8000-00000000c003"}
PERSONAL = {"id": "a:personal-anna", "conversationType": "personal", "tenantId": TENANT_ID}
CHANNEL = {"id": "19:meeting@thread.tacv2", "conversationType": "channel", "tenantId": TENANT_ID}
_ids = itertools.count(1)


@dataclass
class TeamsWorld:
    k: Container
    ms: FakeMicrosoft
    http: httpx.Client
    store: TeamsStore
    ids: dict[str, UUID]
    door: TeamsFrontDoor

    def activity(
        self, text: str | None, sender: dict[str, Any] = ANNA, **more: Any
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "message",
            "id": f"act-{next(_ids)}",
            "channelId": "msteams",
            "serviceUrl": self.ms.connector.url,
            "from": sender,
            "recipient": BOT,
            "conversation": PERSONAL,
            "timestamp": NOW.isoformat(),
        }
        if text is not None:
            body["text"] = text
        return body | more

    def post(
        self, activity: dict[str, Any], token: str | None = "valid", *, settle: bool = True
    ) -> httpx.Response:
        """POSTs the activity; with `settle`, returns once the replies the
        door gave have been posted to the fake Connector (they go out after
        the answer: adapters/teams/replies.py)."""
        headers = {}
        if token == "valid":
            token = self.ms.issuer.token(service_url=self.ms.connector.url, now=NOW)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = self.http.post("/api/messages", json=activity, headers=headers)
        if settle:
            self.settle()
        return response

    def settle(self) -> None:
        """Waits until the door has posted every reply it was given."""
        assert self.door.settle(15.0), "the replies were not posted"

    def say(self, text: str, sender: dict[str, Any] = ANNA, **more: Any) -> dict[str, Any]:
        """Sends a message; returns the one reply the bot sent."""
        before = len(self.ms.connector.sent)
        response = self.post(self.activity(text, sender, **more))
        assert response.status_code == 200, response.text
        replies = self.ms.connector.replies()[before:]
        assert len(replies) == 1, replies
        return replies[0]

    def events(self) -> int:
        return int(self.k.app.recorder.max_notification_id() or 0)


@contextmanager
def teams_world(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str | None = None,
    **settings: str,
) -> Iterator[TeamsWorld]:
    """The world on SQLite in tmp_path, or in the database `database_url`
    names; `settings` are more SAMVERKA_TEAMS_* variables (without the prefix)."""
    with fake_microsoft(tmp_path) as ms:
        monkeypatch.setenv("SAMVERKA_TEAMS_APP_ID", APP_ID)
        monkeypatch.setenv("SAMVERKA_TEAMS_TENANT_ID", TENANT_ID)
        monkeypatch.setenv("SAMVERKA_TEAMS_APP_SECRET", APP_SECRET)
        monkeypatch.setenv("SAMVERKA_TEAMS_OPENID_METADATA_URL", ms.issuer.metadata_url)
        monkeypatch.setenv("SAMVERKA_TEAMS_AUTHORITY", ms.login.authority)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ms.ca_file))  # MSAL trusts the fake login
        for name, value in settings.items():
            monkeypatch.setenv(f"SAMVERKA_TEAMS_{name}", value)
        database = database_url or f"sqlite:///{tmp_path}/samverka.db"
        read = Settings(database_url=database, outbox_dir=str(tmp_path / "outbox"))
        k = bootstrap(read, clock=FixedClock(NOW))
        try:
            # The Slack world's people, initiative, series and open round;
            # Anna's Teams roster entry gives her address, Bengt is linked
            # by hand, the third is nobody Samverka knows.
            ids = seed(k, FakeSlack())
            ms.connector.members = {
                ANNA["id"]: ANNA | {"email": "Anna.Jonsson@example.se", "userPrincipalName": "aj"},
                NOBODY["id"]: NOBODY | {"email": "okand@example.se"},
            }
            store = TeamsStore(teams_engine(database))
            store.link(BENGT["aadObjectId"], str(ids["bengt"]), "cli", NOW)
            app = web_app(k, manage_lifecycle=False)
            k.projector.start()
            try:
                with running(app) as base, httpx.Client(base_url=base, timeout=15) as http:
                    door = app.state.teams
                    yield TeamsWorld(k=k, ms=ms, http=http, store=store, ids=ids, door=door)
            finally:
                k.projector.stop()
        finally:
            k.close()
