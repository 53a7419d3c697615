"""Slack settings (SLACK_* and SAMVERKA_SLACK_* environment variables).

The environment is read once, by `samverka.settings.Settings`, which nests
this model; each field's alias is the variable it is read from.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from services.i18n import sv_or_en

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


class SlackConfig(BaseModel):
    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)

    bot_token: str | None = Field(default=None, repr=False, validation_alias="SLACK_BOT_TOKEN")
    signing_secret: str | None = Field(
        default=None, repr=False, validation_alias="SLACK_SIGNING_SECRET"
    )
    # Socket Mode when set.
    app_token: str | None = Field(default=None, repr=False, validation_alias="SLACK_APP_TOKEN")
    api_url: str = Field(default=DEFAULT_API_URL, validation_alias="SLACK_API_URL")
    command: str = Field(default="/samverka", validation_alias="SAMVERKA_SLACK_COMMAND")
    # The workspace's default; users may choose their own.
    language: Annotated[str, AfterValidator(sv_or_en)] = Field(
        default="sv", validation_alias="SAMVERKA_SLACK_LANGUAGE"
    )
    # Multi-workspace OAuth install when both are set.
    client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    client_secret: str | None = Field(
        default=None, repr=False, validation_alias="SLACK_CLIENT_SECRET"
    )
    # Multi-workspace: whose bot the notifier posts as.
    team_id: str | None = Field(default=None, validation_alias="SAMVERKA_SLACK_TEAM_ID")
    # Per call; after that the dispatcher retries later.
    max_rate_limit_retries: int = Field(default=5, validation_alias="SAMVERKA_SLACK_MAX_RETRIES")
    timeout: int = 10

    @field_validator("api_url")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("command")
    @classmethod
    def _starts_with_slash(cls, value: str) -> str:
        return value if value.startswith("/") else "/" + value

    @property
    def enabled(self) -> bool:
        """Requests can be verified and answered (one workspace or OAuth)."""
        return bool(self.signing_secret and (self.bot_token or self.oauth))

    @property
    def oauth(self) -> bool:
        return bool(self.client_id and self.client_secret)
