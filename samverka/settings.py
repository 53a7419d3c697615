"""Settings from the environment (one model, nested per area), and what the
database URL means for each part."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from adapters.persistence.store import BadDatabaseUrl, StoreConfig, store_config
from adapters.slack.config import SlackConfig
from adapters.teams.config import TeamsConfig
from adapters.urls import https_or_loopback
from samverka.settings_errors import SettingsError, explained
from samverka.settings_mail import MailSettings
from scheduler.config import SchedulerConfig
from services.i18n import N_

DEFAULT_DATABASE_URL = "sqlite:///var/samverka.db"

# SAMVERKA_MAIL_SECRET signs the reply addresses (adapters/email/tokens.py):
# whoever knows it can answer a check-in in anyone's name. These values were
# once shipped as defaults or examples, so they are known to everyone.
SHIPPED_MAIL_SECRETS = frozenset({"dev-only-mail-secret-change-me", "change-me"})
MIN_MAIL_SECRET = 32
MAKE_MAIL_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'  # noqa: S105 (a command, not a secret)
MAIL_SECRET_FILE = "mail-secret"  # noqa: S105 (a file name)


def mail_secret_problem(secret: str) -> str | None:
    """Why a mail secret cannot sign real mail, or None when it can."""
    if not secret:
        return "is not set"
    if secret in SHIPPED_MAIL_SECRETS:
        return "is an example value that Samverka once shipped"
    if len(secret) < MIN_MAIL_SECRET:
        return f"is shorter than {MIN_MAIL_SECRET} characters"
    return None


def local_secret(path: Path) -> str:
    """The random secret kept in `path` (mode 0600), made on first use.

    Several processes may start at once (`serve --workers`): the secret is
    written to a temporary file and linked into place, so every process reads
    the same complete value and none overwrites another's.
    """
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(secrets.token_urlsafe(32) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    value = path.read_text(encoding="ascii").strip()
    if mail_secret_problem(value) is not None:
        raise SettingsError(f"{path} does not hold a usable mail secret: delete it or fix it")
    return value


# Each area below is a pydantic model whose fields name, as their alias, the
# environment variable they are read from. `Settings` nests them and reads the
# environment once, at start (`Settings.from_env()`); the composition root
# hands each part its own area. An empty variable counts as unset.
AREA = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)


class HttpSettings(BaseModel):
    model_config = AREA

    host: str = Field(default="127.0.0.1", validation_alias="SAMVERKA_HOST")
    port: int = Field(default=8000, validation_alias="SAMVERKA_PORT")
    max_body_bytes: int = Field(default=256 * 1024, validation_alias="SAMVERKA_MAX_BODY_BYTES")
    # All of a request's header names and values.
    max_header_bytes: int = Field(default=32 * 1024, validation_alias="SAMVERKA_MAX_HEADER_BYTES")
    read_your_writes_timeout: float = Field(
        default=5.0, validation_alias="SAMVERKA_READ_YOUR_WRITES_TIMEOUT"
    )
    ready_max_lag: int = Field(default=1000, validation_alias="SAMVERKA_READY_MAX_LAG")


class LogSettings(BaseModel):
    model_config = AREA

    level: str = Field(default="info", validation_alias="SAMVERKA_LOG_LEVEL")
    format: str = Field(
        default="auto", validation_alias="SAMVERKA_LOG_FORMAT"
    )  # auto | json | console

    @field_validator("level", "format")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class ProjectorSettings(BaseModel):
    model_config = AREA

    # In-process projector (off when it runs as a process of its own).
    in_process: bool = Field(default=True, validation_alias="SAMVERKA_RUN_PROJECTOR")
    batch_size: int = Field(default=1000, validation_alias="SAMVERKA_PROJECTOR_BATCH_SIZE")
    poll_interval: float = Field(default=0.5, validation_alias="SAMVERKA_PROJECTOR_POLL_INTERVAL")
    linger: float = Field(default=0.01, validation_alias="SAMVERKA_PROJECTOR_LINGER")


class TokenSettings(BaseModel):
    """API tokens: `token create` gives `days` unless told otherwise, and never
    more than `max_days` (also the life of tokens from before expiry)."""

    model_config = AREA

    days: int = Field(default=90, validation_alias="SAMVERKA_TOKEN_DAYS")
    max_days: int = Field(default=365, validation_alias="SAMVERKA_TOKEN_MAX_DAYS")
    cache_seconds: float = Field(default=2.0, validation_alias="SAMVERKA_TOKEN_CACHE_SECONDS")

    @model_validator(mode="after")
    def _days_within_maximum(self) -> TokenSettings:
        if not 1 <= self.max_days <= 3650:
            raise ValueError(N_("SAMVERKA_TOKEN_MAX_DAYS must be 1-3650 days"))
        if not 1 <= self.days <= self.max_days:
            raise ValueError(
                N_("SAMVERKA_TOKEN_DAYS must be at least 1 and at most SAMVERKA_TOKEN_MAX_DAYS")
            )
        return self


class OidcSettings(BaseModel):
    """Sign-in with OpenID Connect (adapters/web/oidc.py): on when an issuer is set."""

    model_config = AREA

    # The provider's issuer URL; its discovery document is at
    # <issuer>/.well-known/openid-configuration.
    issuer: str = Field(default="", validation_alias="SAMVERKA_OIDC_ISSUER")
    client_id: str = Field(default="", validation_alias="SAMVERKA_OIDC_CLIENT_ID")
    client_secret: str = Field(
        default="", repr=False, validation_alias="SAMVERKA_OIDC_CLIENT_SECRET"
    )
    # The claim that holds the e-mail address a first login is linked by;
    # after that, the provider's `sub` is used.
    link_claim: str = Field(default="email", validation_alias="SAMVERKA_OIDC_LINK_CLAIM")
    # Shown on the button: "Logga in med <name>" ("": the issuer's host name).
    provider_name: str = Field(default="", validation_alias="SAMVERKA_OIDC_PROVIDER_NAME")
    scopes: str = Field(default="openid email profile", validation_alias="SAMVERKA_OIDC_SCOPES")

    @field_validator("issuer", "client_id", "client_secret", "link_claim", "provider_name")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("issuer")
    @classmethod
    def _https_issuer(cls, value: str) -> str:
        value = value.rstrip("/")
        return https_or_loopback(value) if value else value

    @field_validator("scopes")
    @classmethod
    def _with_openid(cls, value: str) -> str:
        scopes = value.split()
        return " ".join(scopes if "openid" in scopes else ["openid", *scopes])

    @model_validator(mode="after")
    def _complete(self) -> OidcSettings:
        given = [bool(self.issuer), bool(self.client_id), bool(self.client_secret)]
        if any(given) and not all(given):
            raise ValueError(
                N_(
                    "OpenID Connect sign-in needs SAMVERKA_OIDC_ISSUER, SAMVERKA_OIDC_CLIENT_ID "
                    "and SAMVERKA_OIDC_CLIENT_SECRET together"
                )
            )
        return self

    @property
    def enabled(self) -> bool:
        return bool(self.issuer)

    @property
    def display_name(self) -> str:
        return self.provider_name or urlsplit(self.issuer).hostname or self.issuer


class WebSettings(BaseModel):
    """The web door (adapters/web)."""

    model_config = AREA

    # Where people reach the service, for the links in sign-in mail ("": the
    # address the request came to; at the terminal http://HOST:PORT).
    public_url: str = Field(default="", validation_alias="SAMVERKA_PUBLIC_URL")
    # How long a browser session lasts unused.
    idle_minutes: int = Field(default=120, ge=1, validation_alias="SAMVERKA_WEB_IDLE_MINUTES")
    oidc: OidcSettings = OidcSettings()

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.strip().rstrip("/")


class EnvironmentVariables(PydanticBaseSettingsSource):
    """Each setting from the variable its alias names, areas included."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        raise NotImplementedError  # __call__ reads every area at once

    def __call__(self) -> dict[str, Any]:
        return _from_variables(self.settings_cls, os.environ)


def _from_variables(model: type[BaseModel], environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        area = field.annotation
        if isinstance(area, type) and issubclass(area, BaseModel):
            nested = _from_variables(area, environ)
            if nested:
                values[name] = nested
        elif isinstance(field.validation_alias, str) and environ.get(field.validation_alias):
            values[field.validation_alias] = environ[field.validation_alias]
    return values


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True, validate_by_name=True, validate_by_alias=True, extra="forbid"
    )

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL, validation_alias="SAMVERKA_DATABASE_URL"
    )
    # False when the event tables belong to another role (append-only setup).
    create_event_tables: bool = Field(default=True, validation_alias="SAMVERKA_CREATE_EVENT_TABLES")
    aggregate_cache_size: int = Field(
        default=1000, validation_alias="SAMVERKA_AGGREGATE_CACHE_SIZE"
    )
    # Where the file notifier writes what would be sent.
    outbox_dir: str = Field(default="var/outbox", validation_alias="SAMVERKA_OUTBOX_DIR")
    http: HttpSettings = HttpSettings()
    log: LogSettings = LogSettings()
    projector: ProjectorSettings = ProjectorSettings()
    tokens: TokenSettings = TokenSettings()
    mail: MailSettings = MailSettings()
    web: WebSettings = WebSettings()
    slack: SlackConfig = SlackConfig()
    teams: TeamsConfig = TeamsConfig()
    scheduler: SchedulerConfig = SchedulerConfig()

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise SettingsError(explained(error)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, EnvironmentVariables(settings_cls))

    @classmethod
    def from_env(cls) -> Settings:
        """The settings of this process: read once, at start."""
        return cls()

    @property
    def store(self) -> StoreConfig:
        try:
            return store_config(self.database_url)
        except BadDatabaseUrl as error:
            raise SettingsError(str(error)) from None

    def check_mail_secret(self, *, receives: bool) -> None:
        """Refuses to go on when real mail (inbound always; outbound through
        SMTP_URL) would be signed or checked with a missing or guessable secret."""
        if not (receives or self.mail.sends):
            return
        problem = mail_secret_problem(self.mail.secret)
        if problem is not None:
            raise SettingsError(
                f"SAMVERKA_MAIL_SECRET {problem}. It signs the reply addresses in "
                "Samverka's mail: whoever knows it can answer in anyone's name. Set it "
                f"to a random value of at least {MIN_MAIL_SECRET} characters, the same "
                f"in every process that handles mail; make one with: {MAKE_MAIL_SECRET}"
            )

    def mail_secret_path(self) -> Path:
        """Where the random secret is kept when none is set: beside the SQLite
        database (`var/mail-secret`), else beside the outbox folder."""
        store = self.store
        if store.sqlite_path is not None:
            return store.sqlite_path.with_name(MAIL_SECRET_FILE)
        return Path(self.outbox_dir).parent / MAIL_SECRET_FILE

    def with_mail_secret(self) -> Settings:
        """These settings with a mail secret: the one set, or the kept random one."""
        if self.mail.secret:
            return self
        path = self.mail_secret_path()
        try:
            secret = local_secret(path)
        except OSError as error:
            raise SettingsError(
                f"no SAMVERKA_MAIL_SECRET and cannot keep a random one in {path} "
                f"({error.strerror or error}): set SAMVERKA_MAIL_SECRET"
            ) from None
        return self.model_copy(update={"mail": self.mail.model_copy(update={"secret": secret})})
