"""Cluster manager accounts from a TOML file, with PBKDF2-hashed passwords (docs/WEB.md).

``python -m web.accounts hash`` reads a password and prints the line to paste into the file.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from models.exceptions import ConfigurationError

__all__ = ["ADMIN", "Account", "hash_password", "load_accounts", "verify_password"]

#: The ``cluster`` of a regional administrator: sees and edits every cluster.
ADMIN = "*"
_ALGORITHM = "pbkdf2_sha256"
_ITERATIONS = 600_000


@dataclass(frozen=True)
class Account:
    """One manager: login name, display name, cluster code (``*``: regional administrator), hash."""

    username: str
    name: str
    cluster: str
    password_hash: str

    @property
    def is_admin(self) -> bool:
        """A regional administrator: every cluster."""
        return self.cluster == ADMIN


def hash_password(password: str, iterations: int = _ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt>$<hash>`` with a fresh random salt."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations)
    return f"{_ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time; a malformed hash never matches)."""
    try:
        algorithm, iterations, salt, expected = stored.split("$")
        if algorithm != _ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def load_accounts(path: Path | None) -> dict[str, Account]:
    """The ``[managers.<username>]`` tables of ``path`` (none when no file is configured)."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read the accounts file {path}: {exc}") from exc
    accounts = {}
    for username, table in data.get("managers", {}).items():
        try:
            accounts[username] = Account(
                username=username,
                name=str(table.get("name", username)),
                cluster=str(table["cluster"]).upper(),
                password_hash=str(table["password_hash"]),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigurationError(
                f"account {username!r} in {path} needs cluster and password_hash"
            ) from exc
    return accounts


def _main(argv: list[str]) -> int:
    if argv[:1] != ["hash"]:
        print("usage: python -m web.accounts hash   (reads the password, prints its hash)")
        return 2
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    print(f'password_hash = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
