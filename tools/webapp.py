"""One way to launch ``matchmaker web`` from a checkout: the demo, the screenshots and the browser test
start it through :class:`WebProcess`, with demo manager accounts written by :func:`demo_accounts`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from streams.settings import Settings
from tools.paths import ROOT
from web.accounts import hash_password
from web.auth import make_member_link

__all__ = ["DEMO_MANAGERS", "WebProcess", "demo_accounts", "free_port"]

#: username -> (display name, cluster code or ``*``, password) of the demo's managers.
DEMO_MANAGERS = {
    "afil": ("Anna Ferri (AFIL)", "AFIL", "afil-demo"),
    "clm": ("Carlo Longhi (CLM)", "CLM", "clm-demo"),
    "regione": ("Regione Lombardia", "*", "regione-demo"),
}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def demo_accounts(path: Path, iterations: int = 100_000) -> Path:
    """Write the demo managers' accounts file (hashed passwords) to ``path``."""
    lines = []
    for username, (name, cluster, password) in DEMO_MANAGERS.items():
        lines += [
            f"[managers.{username}]",
            f'name = "{name}"',
            f'cluster = "{cluster}"',
            f'password_hash = "{hash_password(password, iterations)}"',
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class WebProcess:
    """A ``matchmaker web`` subprocess for ``settings`` on ``port``, logging to ``log_path``."""

    def __init__(
        self,
        settings: Settings,
        log_path: Path,
        accounts_file: Path,
        *,
        port: int | None = None,
        secret: str = "demo-secret-change-me",
        env: Mapping[str, str] | None = None,
        mail: bool = False,
    ) -> None:
        self.settings = settings
        self.log_path = log_path
        self.port = port or free_port()
        self.secret = secret
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
            "MATCHMAKER_TOPIC_PREFIX": settings.topic_prefix,
            "MATCHMAKER_APP_ID": settings.app_id,
            "MATCHMAKER_WEB_PORT": str(self.port),
            "MATCHMAKER_WEB_SECRET_KEY": secret,
            "MATCHMAKER_WEB_ACCOUNTS_FILE": str(accounts_file),
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        }
        self.command = [sys.executable, "-m", "streams.cli", "web", *([] if mail else ["--no-mail"])]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> None:
        """Launch it and wait until ``/healthz`` says the read model has caught up."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"matchmaker web exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"matchmaker web did not become ready:\n{self.log_tail()}")

    def member_link(self, member_id: str) -> str:
        """A member's sign-in link, as the e-mails carry it."""
        return make_member_link(self.secret, self.url, member_id)

    def log_tail(self, chars: int = 3000) -> str:
        """The end of its log."""
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
