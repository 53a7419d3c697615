"""Slack settings from the environment (SLACK_* and SAMVERKA_SLACK_*)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_URL = "https://slack.com/api/"
BOT_SCOPES = (
    "app_mentions:read",
    "channels:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "groups:read",
    "im:write",
    "users:read",
    "users:read.email",
)


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None  # Socket Mode when set
    api_url: str = DEFAULT_API_URL
    command: str = "/samverka"
    language: str = "sv"  # the workspace's default; users may choose their own
    client_id: str | None = None  # multi-workspace OAuth install when set
    client_secret: str | None = None
    team_id: str | None = None  # multi-workspace: whose bot the notifier posts as
    max_rate_limit_retries: int = 5  # per call; after that the dispatcher retries later
    timeout: int = 10

    @property
    def enabled(self) -> bool:
        """Requests can be verified and answered (one workspace or OAuth)."""
        return bool(self.signing_secret and (self.bot_token or self.oauth))

    @property
    def oauth(self) -> bool:
        return bool(self.client_id and self.client_secret)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SlackConfig:
        env = os.environ if environ is None else environ
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        command = env.get("SAMVERKA_SLACK_COMMAND") or "/samverka"
        language = (env.get("SAMVERKA_SLACK_LANGUAGE") or "sv").lower()
        if language not in ("sv", "en"):
            raise ValueError(f"SAMVERKA_SLACK_LANGUAGE is sv or en, not {language!r}")
        retries = env.get("SAMVERKA_SLACK_MAX_RETRIES") or "5"
        return cls(
            bot_token=env.get("SLACK_BOT_TOKEN") or None,
            signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            app_token=env.get("SLACK_APP_TOKEN") or None,
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            command=command if command.startswith("/") else "/" + command,
            language=language,
            client_id=env.get("SLACK_CLIENT_ID") or None,
            client_secret=env.get("SLACK_CLIENT_SECRET") or None,
            team_id=env.get("SAMVERKA_SLACK_TEAM_ID") or None,
            max_rate_limit_retries=int(retries),
        )
