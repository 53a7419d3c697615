"""Multi-workspace OAuth install (slack-sdk's SQLAlchemy installation store),
Socket Mode settings, and the answer when Slack is not configured."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from adapters.slack.config import SlackConfig
from adapters.slack.notifier import bot_token
from adapters.slack.store import SlackStore, slack_engine
from samverka.bootstrap import bootstrap
from samverka.settings import Settings
from tests.e2e.fake_slack import fake_slack
from tests.e2e.server import serve
from tests.e2e.slack_requests import SECRET


def test_oauth_install_keeps_the_installation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path}/samverka.db"
    with fake_slack() as fake:
        env = {
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "shh",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": f"{fake.url}/api/",
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
        k = bootstrap(Settings(database_url=db, outbox_dir=str(tmp_path / "out")))
        try:
            with serve(k) as base, httpx.Client(base_url=base, timeout=10) as http:
                page = http.get("/slack/install")
                assert page.status_code == 200
                link = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page.text)
                assert link is not None and "client_id=111.222" in link.group(1)
                state = re.search(r"state=([^&\"]+)", link.group(1))
                assert state is not None
                cookie = page.headers["set-cookie"].split(";")[0]
                done = http.get(
                    f"/slack/oauth_redirect?code=abc&state={state.group(1)}",
                    headers={"Cookie": cookie},
                )
                assert done.status_code == 200, done.text
        finally:
            k.close()
        assert fake.of("oauth.v2.access")[0]["code"] == "abc"
    config = Settings.from_env().slack
    assert config.oauth and config.enabled
    assert bot_token(config, SlackStore(slack_engine(db))) == "xoxb-installed"


def test_without_slack_settings_the_events_url_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    k = bootstrap(Settings(database_url=f"sqlite:///{tmp_path}/s.db", outbox_dir=str(tmp_path)))
    try:
        with serve(k) as base:
            answer = httpx.post(f"{base}/slack/events", content=b"{}")
    finally:
        k.close()
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": "http://127.0.0.1:9/api",
        "SAMVERKA_SLACK_COMMAND": "samverka-test",
        "SAMVERKA_SLACK_LANGUAGE": "EN",
    }.items():
        monkeypatch.setenv(name, value)
    config = Settings.from_env().slack
    assert (config.app_token, config.api_url, config.command, config.language) == (
        "xapp-1",
        "http://127.0.0.1:9/api/",
        "/samverka-test",
        "en",
    )
    assert config.enabled and not config.oauth
    with pytest.raises(ValueError, match="sv or en"):
        monkeypatch.setenv("SAMVERKA_SLACK_LANGUAGE", "de")
        Settings.from_env()


def test_socket_mode_asks_slack_for_a_connection_with_the_app_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slack_sdk.errors import SlackApiError

    from adapters.slack.app import slack_front_door
    from samverka.asgi import slack_services

    with fake_slack() as fake:
        config = SlackConfig(
            bot_token="xoxb-1",
            signing_secret=SECRET,
            app_token="xapp-1-test",
            api_url=f"{fake.url}/api/",
        )
        k = bootstrap(Settings(database_url=f"sqlite:///{tmp_path}/s.db", outbox_dir=str(tmp_path)))
        services = slack_services(k)
        door = slack_front_door(services, k.settings.database_url, config)
        assert door is not None
        try:
            with pytest.raises(SlackApiError):  # the fake does not speak websockets
                door.start()
        finally:
            door.stop()
            k.close()
        assert len(fake.of("apps.connections.open")) == 1
