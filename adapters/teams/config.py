"""Teams settings (SAMVERKA_TEAMS_* environment variables).

The environment is read once, by `samverka.settings.Settings`, which nests
this model; each field's alias is the variable it is read from. Without an
app id the door is off and `/api/messages` answers 503.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from adapters.urls import https_or_loopback
from services.i18n import N_, sv_or_en

# Where the Bot Framework publishes the keys its tokens are signed with.
BOT_FRAMEWORK_OPENID = "https://login.botframework.com/v1/.well-known/openidconfiguration"
LOGIN = "https://login.microsoftonline.com"
# The scope outgoing calls to the Bot Connector API ask for.
BOT_CONNECTOR_SCOPE = "https://api.botframework.com/.default"


class TeamsConfig(BaseModel):
    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)

    # The bot's Entra ID application (client) id: the audience of incoming tokens.
    app_id: str = Field(default="", validation_alias="SAMVERKA_TEAMS_APP_ID")
    tenant_id: str = Field(default="", validation_alias="SAMVERKA_TEAMS_TENANT_ID")
    app_secret: str = Field(default="", repr=False, validation_alias="SAMVERKA_TEAMS_APP_SECRET")
    # A PEM file with the certificate and its private key, instead of a secret.
    app_certificate: str = Field(default="", validation_alias="SAMVERKA_TEAMS_APP_CERTIFICATE")
    openid_metadata_url: str = Field(
        default=BOT_FRAMEWORK_OPENID, validation_alias="SAMVERKA_TEAMS_OPENID_METADATA_URL"
    )
    # "": Microsoft's login for the tenant.
    authority: str = Field(default="", validation_alias="SAMVERKA_TEAMS_AUTHORITY")
    # The organisation's default; members may choose their own (`språk`).
    language: Annotated[str, AfterValidator(sv_or_en)] = Field(
        default="sv", validation_alias="SAMVERKA_TEAMS_LANGUAGE"
    )
    # 429s waited out per Connector call.
    max_retries: int = Field(default=5, ge=0, le=20, validation_alias="SAMVERKA_TEAMS_MAX_RETRIES")
    timeout: float = 10.0

    @field_validator("app_id", "tenant_id", "app_secret", "app_certificate")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("openid_metadata_url", "authority")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        return https_or_loopback(value).rstrip("/") if value else value

    @model_validator(mode="after")
    def _complete(self) -> TeamsConfig:
        if not self.app_id:
            return self
        if not self.tenant_id:
            raise ValueError(N_("Teams needs SAMVERKA_TEAMS_TENANT_ID with SAMVERKA_TEAMS_APP_ID"))
        if bool(self.app_secret) == bool(self.app_certificate):
            raise ValueError(
                N_(
                    "Teams needs one of SAMVERKA_TEAMS_APP_SECRET and "
                    "SAMVERKA_TEAMS_APP_CERTIFICATE with SAMVERKA_TEAMS_APP_ID"
                )
            )
        return self

    @property
    def enabled(self) -> bool:
        return bool(self.app_id)

    @property
    def authority_url(self) -> str:
        """Where outgoing tokens come from (MSAL's authority)."""
        return self.authority or f"{LOGIN}/{self.tenant_id}"
