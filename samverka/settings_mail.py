"""The mail area of the settings (samverka/settings.py): SMTP and IMAP URLs,
Microsoft Graph, and the OAuth 2.0 client they sign in with."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from adapters.urls import https_or_loopback
from samverka.settings_errors import SettingsError
from services.i18n import N_

# The same as samverka.settings.AREA (that module imports this one).
AREA = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)


class MailOAuthSettings(BaseModel):
    """OAuth 2.0 for mail (adapters/email/oauth.py): app-only tokens for
    SMTP/IMAP XOAUTH2 (`?auth=xoauth2` in SMTP_URL or IMAP_URL) and Graph."""

    model_config = AREA

    provider: str = Field(default="", validation_alias="SAMVERKA_MAIL_OAUTH_PROVIDER")
    tenant: str = Field(default="", validation_alias="SAMVERKA_MAIL_OAUTH_TENANT")
    authority: str = Field(default="", validation_alias="SAMVERKA_MAIL_OAUTH_AUTHORITY")
    token_url: str = Field(default="", validation_alias="SAMVERKA_MAIL_OAUTH_TOKEN_URL")
    client_id: str = Field(default="", validation_alias="SAMVERKA_MAIL_OAUTH_CLIENT_ID")
    client_secret: str = Field(
        default="", repr=False, validation_alias="SAMVERKA_MAIL_OAUTH_CLIENT_SECRET"
    )
    certificate: str = Field(default="", validation_alias="SAMVERKA_MAIL_OAUTH_CERTIFICATE")
    scope: str = Field(default="", validation_alias="SAMVERKA_MAIL_OAUTH_SCOPE")

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("provider")
    @classmethod
    def _known(cls, value: str) -> str:
        if value.lower() not in ("", "entra", "generic"):
            raise ValueError(N_("is entra (Microsoft Entra ID, through MSAL) or generic"))
        return value.lower()

    @field_validator("authority", "token_url")
    @classmethod
    def _https(cls, value: str) -> str:
        return https_or_loopback(value.rstrip("/")) if value else value

    @field_validator("certificate")
    @classmethod
    def _readable(cls, value: str) -> str:
        if value and not Path(value).is_file():
            raise ValueError(N_("names no file (a PEM file with the private key is expected)"))
        return value

    @model_validator(mode="after")
    def _consistent(self) -> MailOAuthSettings:
        if not self.provider:
            given = [name for name, v in self._named().items() if v]
            if given:
                raise SettingsError(
                    N_(
                        "{name} is set but SAMVERKA_MAIL_OAUTH_PROVIDER is not: "
                        "set it to entra or generic"
                    ),
                    name=given[0],
                )
            return self
        if not self.client_id:
            raise ValueError(N_("SAMVERKA_MAIL_OAUTH_CLIENT_ID is needed with an OAuth provider"))
        if bool(self.client_secret) == bool(self.certificate):
            raise ValueError(
                N_(
                    "set one of SAMVERKA_MAIL_OAUTH_CLIENT_SECRET and "
                    "SAMVERKA_MAIL_OAUTH_CERTIFICATE (a PEM path)"
                )
            )
        if self.provider == "entra":
            if self.token_url:
                raise ValueError(
                    N_(
                        "SAMVERKA_MAIL_OAUTH_TOKEN_URL is for the generic provider; "
                        "Entra ID takes SAMVERKA_MAIL_OAUTH_TENANT (or _AUTHORITY)"
                    )
                )
            if not (self.tenant or self.authority):
                raise ValueError(
                    N_(
                        "SAMVERKA_MAIL_OAUTH_TENANT (the directory's id or domain) is needed "
                        "with SAMVERKA_MAIL_OAUTH_PROVIDER=entra"
                    )
                )
            if self.authority and not self.authority.startswith("https://"):
                raise ValueError(N_("SAMVERKA_MAIL_OAUTH_AUTHORITY must be an https URL (MSAL)"))
        else:
            if self.tenant or self.authority:
                raise ValueError(
                    N_(
                        "SAMVERKA_MAIL_OAUTH_TENANT and _AUTHORITY are for entra; the generic "
                        "provider takes SAMVERKA_MAIL_OAUTH_TOKEN_URL"
                    )
                )
            if not self.token_url:
                raise ValueError(
                    N_(
                        "SAMVERKA_MAIL_OAUTH_TOKEN_URL is needed with "
                        "SAMVERKA_MAIL_OAUTH_PROVIDER=generic"
                    )
                )
        return self

    def _named(self) -> dict[str, str]:
        return {
            "SAMVERKA_MAIL_OAUTH_TENANT": self.tenant,
            "SAMVERKA_MAIL_OAUTH_AUTHORITY": self.authority,
            "SAMVERKA_MAIL_OAUTH_TOKEN_URL": self.token_url,
            "SAMVERKA_MAIL_OAUTH_CLIENT_ID": self.client_id,
            "SAMVERKA_MAIL_OAUTH_CLIENT_SECRET": self.client_secret,
            "SAMVERKA_MAIL_OAUTH_CERTIFICATE": self.certificate,
            "SAMVERKA_MAIL_OAUTH_SCOPE": self.scope,
        }

    @property
    def enabled(self) -> bool:
        return bool(self.provider)

    @property
    def authority_url(self) -> str:
        return self.authority or f"https://login.microsoftonline.com/{self.tenant}"


MICROSOFT_GRAPH = "https://graph.microsoft.com/v1.0"


class MailSettings(BaseModel):
    """E-mail (issue 5). No SMTP_URL: mail goes to the outbox folder as .eml files."""

    model_config = AREA

    smtp_url: str | None = Field(default=None, repr=False, validation_alias="SMTP_URL")
    imap_url: str | None = Field(default=None, repr=False, validation_alias="IMAP_URL")
    sender: str = Field(
        default="Samverka <samverka@samverka.localhost>", validation_alias="SAMVERKA_MAIL_FROM"
    )
    # Reply addresses: svar+<token>@<domain>.
    domain: str = Field(default="samverka.localhost", validation_alias="SAMVERKA_MAIL_DOMAIN")
    # Signs reply tokens. Empty: a random one kept in `Settings.mail_secret_path()`,
    # for mail that stays in the outbox folder; real mail refuses to start
    # without one (`Settings.check_mail_secret`).
    secret: str = Field(default="", repr=False, validation_alias="SAMVERKA_MAIL_SECRET")
    token_days: int = Field(default=60, validation_alias="SAMVERKA_MAIL_TOKEN_DAYS")
    max_bytes: int = Field(default=1024 * 1024, validation_alias="SAMVERKA_MAIL_MAX_BYTES")
    listen: str = Field(default="127.0.0.1:8025", validation_alias="SAMVERKA_MAIL_LISTEN")
    # Automatic answers to inbound mail (bounces, help), per hour: to one
    # address, and to all senders we could not verify together.
    answers_per_address: int = Field(
        default=5, validation_alias="SAMVERKA_MAIL_ANSWERS_PER_ADDRESS"
    )
    unverified_answers: int = Field(
        default=100, validation_alias="SAMVERKA_MAIL_UNVERIFIED_ANSWERS"
    )
    # authserv-ids of receiving servers whose Authentication-Results headers
    # are trusted (adapters/email/authresults.py); set: a reply needs one.
    authserv_ids: tuple[str, ...] = Field(default=(), validation_alias="SAMVERKA_MAIL_AUTHSERV_ID")
    # smtp: SMTP_URL (or the outbox folder) and IMAP_URL; graph: Microsoft Graph
    # sends and reads the mailbox SAMVERKA_MAIL_GRAPH_MAILBOX.
    transport: str = Field(default="smtp", validation_alias="SAMVERKA_MAIL_TRANSPORT")
    graph_mailbox: str = Field(default="", validation_alias="SAMVERKA_MAIL_GRAPH_MAILBOX")
    graph_url: str = Field(default=MICROSOFT_GRAPH, validation_alias="SAMVERKA_MAIL_GRAPH_URL")
    # The mailbox folder replies are read from (a well-known name or a folder id).
    graph_folder: str = Field(default="inbox", validation_alias="SAMVERKA_MAIL_GRAPH_FOLDER")
    oauth: MailOAuthSettings = MailOAuthSettings()

    @field_validator("secret")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("transport")
    @classmethod
    def _transport(cls, value: str) -> str:
        if value.strip().lower() not in ("smtp", "graph"):
            raise ValueError(N_("is smtp (SMTP_URL and IMAP_URL) or graph (Microsoft Graph)"))
        return value.strip().lower()

    @field_validator("graph_url")
    @classmethod
    def _graph_url(cls, value: str) -> str:
        return https_or_loopback(value.strip().rstrip("/"))

    @model_validator(mode="after")
    def _oauth_where_asked(self) -> MailSettings:
        wants: list[str] = []
        for name, url in (("SMTP_URL", self.smtp_url), ("IMAP_URL", self.imap_url)):
            auth = parse_qs(urlsplit(url).query).get("auth", ["password"])[0] if url else ""
            if auth and auth.lower() not in ("password", "xoauth2"):
                raise SettingsError(N_("{name}: ?auth= is password or xoauth2"), name=name)
            if url and _asks_xoauth2(url):
                wants.append(name)
                parts = urlsplit(url)
                if parts.password:
                    raise SettingsError(
                        N_("{name} with ?auth=xoauth2 holds no password"), name=name
                    )
                if not parts.username:
                    raise SettingsError(
                        N_("{name} with ?auth=xoauth2 names the mailbox, like {example}"),
                        name=name,
                        example="smtp://samverka%40region.se@smtp.office365.com:587?auth=xoauth2",
                    )
        if self.transport == "graph":
            wants.append("SAMVERKA_MAIL_TRANSPORT=graph")
            if "@" not in self.graph_mailbox:
                raise ValueError(
                    N_(
                        "SAMVERKA_MAIL_GRAPH_MAILBOX (the mailbox's address) is needed with "
                        "SAMVERKA_MAIL_TRANSPORT=graph"
                    )
                )
            for name, url in (("SMTP_URL", self.smtp_url), ("IMAP_URL", self.imap_url)):
                if url:
                    raise SettingsError(
                        N_(
                            "{name} is not used with SAMVERKA_MAIL_TRANSPORT=graph "
                            "(Graph sends and reads): unset one of them"
                        ),
                        name=name,
                    )
        elif self.graph_mailbox:
            raise ValueError(
                N_("SAMVERKA_MAIL_GRAPH_MAILBOX is set but SAMVERKA_MAIL_TRANSPORT is not graph")
            )
        if wants and not self.oauth.enabled:
            raise SettingsError(
                N_(
                    "{name} needs an OAuth client: set SAMVERKA_MAIL_OAUTH_PROVIDER "
                    "(entra or generic), SAMVERKA_MAIL_OAUTH_CLIENT_ID and a secret or certificate"
                ),
                name=wants[0],
            )
        if self.oauth.enabled and not wants:
            raise ValueError(
                N_(
                    "SAMVERKA_MAIL_OAUTH_PROVIDER is set but nothing uses it: add ?auth=xoauth2 "
                    "to SMTP_URL or IMAP_URL, or set SAMVERKA_MAIL_TRANSPORT=graph"
                )
            )
        return self

    @property
    def sends(self) -> bool:
        """Real mail goes out (SMTP or Graph), not to the outbox folder."""
        return bool(self.smtp_url) or self.transport == "graph"

    def oauth_scope(self) -> str:
        """SAMVERKA_MAIL_OAUTH_SCOPE, or the provider's default for the transport."""
        if self.oauth.scope:
            return self.oauth.scope
        if self.oauth.provider == "entra" and self.transport == "graph":
            return "https://graph.microsoft.com/.default"
        if self.oauth.provider == "entra":
            return "https://outlook.office365.com/.default"
        return "https://mail.google.com/"

    @field_validator("authserv_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value


def _asks_xoauth2(url: str) -> bool:
    return parse_qs(urlsplit(url).query).get("auth", [""])[0].lower() == "xoauth2"
