"""The web process's settings (``MATCHMAKER_WEB_*``, ``MATCHMAKER_SMTP_*``), read once at the entry point."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["SmtpSettings", "WebSettings"]


class SmtpSettings(BaseModel):
    """Where e-mail goes: ``MATCHMAKER_WEB_SMTP__HOST`` etc.; no host, no e-mail sender."""

    model_config = {"frozen": True}

    host: str | None = None
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    username: str | None = None
    password: SecretStr | None = None
    sender: str = "LTC Matchmaker <matchmaker@localhost>"
    attempts: int = Field(default=3, ge=1, description="Tries before a message is dead-lettered")
    backoff_s: float = Field(default=2.0, ge=0, description="Wait before the 2nd try; doubles each time")
    timeout_s: float = Field(default=20.0, gt=0)


class WebSettings(BaseSettings):
    """Port, host, secrets and accounts of ``matchmaker web``."""

    model_config = SettingsConfigDict(
        env_prefix="MATCHMAKER_WEB_", env_nested_delimiter="__", frozen=True, extra="ignore"
    )

    port: int = Field(default=8080, ge=0, le=65535)
    host: str = "127.0.0.1"
    public_url: str | None = Field(
        default=None, description="Base URL in e-mailed links (default: host:port)"
    )
    secret_key: SecretStr = Field(
        default=SecretStr("change-me-in-production"),
        description="Signs session cookies and member links; set it in production",
    )
    accounts_file: Path | None = Field(default=None, description="TOML file of manager accounts")
    link_max_age_s: int = Field(default=14 * 86400, ge=60, description="How long a member's link works")
    session_max_age_s: int = Field(default=8 * 3600, ge=60)
    login_attempts: int = Field(default=5, ge=1, description="Failed logins per address per window")
    login_window_s: float = Field(default=300.0, gt=0)
    metrics_url: str | None = Field(default=None, description="The worker's Prometheus /metrics, linked")
    https_only: bool = Field(default=False, description="Mark the session cookie Secure (behind TLS)")
    smtp: SmtpSettings = SmtpSettings()

    def base_url(self, port: int | None = None) -> str:
        """The address people use: ``public_url`` or ``http://host:port``."""
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.host}:{port or self.port}"
