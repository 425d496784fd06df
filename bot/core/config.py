"""Settings from the environment (names fixed by the runtime contract).

Secrets are ``SecretStr``: their ``repr`` and ``str`` print ``**********``. A vendor runs
live only when its URL *and* credentials are all set; otherwise the app starts that
vendor's sandbox in-process (see ``bot.services``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["POSTGRES_SCHEMES", "ConfigError", "Settings", "VendorCredentials", "load_settings"]

#: How a PostgreSQL URL starts (``RELAIS_DATABASE_URL``, ``relais db copy --to``): libpq takes both.
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

VendorName = Literal["clever", "cliqphone", "axialys"]
VENDORS: tuple[VendorName, ...] = ("clever", "cliqphone", "axialys")

# Per vendor: (URL variable, login variable, password variable), as the runtime contract names them.
VENDOR_VARIABLES: dict[VendorName, tuple[str, str, str]] = {
    "clever": ("CLEVER_URL", "CLEVER_USERNAME", "CLEVER_PASSWORD"),
    "cliqphone": ("CLIQPHONE_URL", "CLIQPHONE_LOGIN", "CLIQPHONE_PASSWORD"),
    "axialys": ("AXIALYS_URL", "AXIALYS_EMAIL", "AXIALYS_PASSWORD"),
}


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and what is expected."""


@dataclass(frozen=True)
class VendorCredentials:
    url: str
    login: str
    password: SecretStr


def _strip_or_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", env_ignore_empty=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    cliqphone_url: str | None = None
    cliqphone_login: str | None = None
    cliqphone_password: SecretStr | None = None
    clever_url: str | None = None
    clever_username: str | None = None
    clever_password: SecretStr | None = None
    axialys_url: str | None = None
    axialys_email: str | None = None
    axialys_password: SecretStr | None = None

    relais_data_dir: Path = Path(".relais")
    #: Unset: the embedded store under RELAIS_DATA_DIR, one process. Set: shared mode on PostgreSQL (a secret:
    #: the URL may carry the password).
    relais_database_url: SecretStr | None = None
    relais_admins: str = ""
    port: int = 3000

    @field_validator("port", mode="before")
    @classmethod
    def _port(cls, value: object) -> object:
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise ValueError(f"expected a port number from 1 to 65535, got {text[:10]!r}")
        return int(text)

    @field_validator("slack_api_url", "cliqphone_url", "clever_url", "axialys_url", mode="before")
    @classmethod
    def _url(cls, value: object) -> object:
        value = _strip_or_none(value)
        if value is None:
            return None
        if not isinstance(value, str) or not value.startswith(("http://", "https://")) or value[-3:] == "://":
            raise ValueError("expected an http:// or https:// URL")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_slash(cls, value: str) -> str:
        # The Web API client appends method names: "…/api/" + "chat.postMessage".
        return value if value.endswith("/") else value + "/"

    @field_validator("relais_database_url", mode="before")
    @classmethod
    def _database_url(cls, value: object) -> object:
        value = _strip_or_none(value)
        if value is None:
            return None
        if not isinstance(value, str) or not value.startswith(POSTGRES_SCHEMES):
            raise ValueError("expected a postgresql:// URL (unset it for the embedded store)")
        return value

    @property
    def database_url(self) -> str | None:
        """The shared store's URL, or None in embedded mode."""
        return self.relais_database_url.get_secret_value() if self.relais_database_url else None

    @field_validator("relais_admins")
    @classmethod
    def _admins(cls, value: str) -> str:
        ids = [part.strip() for part in value.split(",") if part.strip()]
        groups = [i for i in ids if i.startswith("S")]
        bad = [i for i in ids if not (i[:1] in {"U", "W", "S"} and i[1:].isalnum() and i.isupper() and len(i) >= 3)]
        if bad:
            raise ValueError(f"expected Slack user ids (U…/W…) and/or one user group id (S…), got {bad[0]!r}")
        if len(groups) > 1:
            raise ValueError("expected at most one user group id (S…)")
        return ",".join(ids)

    # -- derived views ----------------------------------------------------------------------
    @property
    def admin_user_ids(self) -> frozenset[str]:
        return frozenset(i for i in self.relais_admins.split(",") if i and not i.startswith("S"))

    @property
    def admin_group_id(self) -> str | None:
        return next((i for i in self.relais_admins.split(",") if i.startswith("S")), None)

    def vendor_credentials(self, vendor: VendorName) -> VendorCredentials | None:
        """The live credentials of ``vendor``, or None when any of its three variables is unset."""
        url, login, password = (getattr(self, name.lower()) for name in VENDOR_VARIABLES[vendor])
        if url and login and password:
            return VendorCredentials(url=url, login=login, password=password)
        return None

    def require_http_mode(self, *, socket_mode: bool) -> None:
        """`relais serve` needs the bot token, and the signing secret (HTTP) or the app token (Socket Mode)."""
        needed = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if socket_mode else "SLACK_SIGNING_SECRET"]
        for name in needed:
            if getattr(self, name.lower()) is None:
                raise ConfigError(f"{name} is not set: {_EXPECTED[name]}")
        bot_token = self.slack_bot_token.get_secret_value() if self.slack_bot_token else ""
        if not bot_token.startswith("xoxb-"):
            raise ConfigError(f"SLACK_BOT_TOKEN is malformed: {_EXPECTED['SLACK_BOT_TOKEN']}")
        if socket_mode:
            app_token = self.slack_app_token.get_secret_value() if self.slack_app_token else ""
            if not app_token.startswith("xapp-"):
                raise ConfigError(f"SLACK_APP_TOKEN is malformed: {_EXPECTED['SLACK_APP_TOKEN']}")


_EXPECTED = {
    "SLACK_BOT_TOKEN": "expected the bot token of your Slack app, starting with xoxb-",
    "SLACK_SIGNING_SECRET": "expected the signing secret from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "expected an app-level token starting with xapp- (Socket Mode only)",
}


def load_settings() -> Settings:
    """Read the environment; raise ``ConfigError`` with one line per bad variable (no values echoed)."""
    try:
        return Settings()
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "environment"
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"{name} is malformed: {message}")
        raise ConfigError("; ".join(lines)) from None
