"""Settings in each Kafka client's vocabulary: the one place consumers, producers and admins are configured.

aiokafka (the event-loop runtime), kafka-python (blocking threads, start-up and the command line) and
Faust (the process host) each get their keyword arguments here; secrets are unwrapped only here.
"""

from __future__ import annotations

import ssl
from typing import Any, Literal

from streams.settings import Settings

__all__ = [
    "Client",
    "admin_kwargs",
    "connection",
    "consumer_kwargs",
    "faust_app_kwargs",
    "max_record_bytes",
    "producer_kwargs",
]

#: ``aiokafka`` for coroutines on the event loop, ``kafka-python`` for blocking code (docs/ARCHITECTURE.md).
Client = Literal["aiokafka", "kafka-python"]


def max_record_bytes(settings: Settings) -> int:
    """The largest record a client sends or fetches: room for a too-large event to reach the dead letters."""
    return max(settings.max_event_bytes * 2, 1_048_576)


def connection(settings: Settings, client: Client) -> dict[str, Any]:
    """Brokers, security protocol, SASL and SSL in ``client``'s vocabulary."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers.split(","),
        "security_protocol": settings.security_protocol,
    }
    if client == "aiokafka" and settings.security_protocol in ("SSL", "SASL_SSL"):
        from aiokafka.helpers import create_ssl_context

        config["ssl_context"] = create_ssl_context(cafile=settings.ssl_cafile)
    if settings.sasl_mechanism:
        config["sasl_mechanism"] = settings.sasl_mechanism
        config["sasl_plain_username"] = settings.sasl_username
        password = settings.sasl_password
        config["sasl_plain_password"] = password.get_secret_value() if password else None
    if client == "kafka-python" and settings.ssl_cafile:
        config["ssl_cafile"] = settings.ssl_cafile
    return config


def consumer_kwargs(
    settings: Settings, client: Client, *, group_id: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A consumer that commits only explicitly, starts from the earliest record and fetches any event.

    With ``group_id`` it also takes the group's session and heartbeat timing from ``settings``;
    ``extra`` adds or overrides arguments.
    """
    config: dict[str, Any] = {
        **connection(settings, client),
        "group_id": group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "max_partition_fetch_bytes": max_record_bytes(settings),
    }
    if group_id is not None:
        config["session_timeout_ms"] = int(settings.session_timeout_s * 1000)
        config["heartbeat_interval_ms"] = int(min(3.0, settings.session_timeout_s / 3) * 1000)
    return {**config, **extra}


def producer_kwargs(settings: Settings, client: Client, **extra: Any) -> dict[str, Any]:
    """A producer whose sends are acknowledged by every in-sync replica (idempotent on both clients)."""
    config: dict[str, Any] = {
        **connection(settings, client),
        "acks": "all",
        "max_request_size": max_record_bytes(settings),
    }
    if client == "aiokafka":
        config["enable_idempotence"] = True  # kafka-python's default already
    return {**config, **extra}


def admin_kwargs(settings: Settings, client: Client, **extra: Any) -> dict[str, Any]:
    """An admin client (topics, consumer-group offsets)."""
    return {**connection(settings, client), **extra}


def faust_app_kwargs(settings: Settings) -> dict[str, Any]:
    """The Kafka part of ``faust.App(...)``: brokers, credentials, record sizes, group timing."""
    return {
        "broker": [f"kafka://{server}" for server in settings.bootstrap_servers.split(",")],
        "broker_credentials": _faust_credentials(settings),
        "producer_max_request_size": max_record_bytes(settings),
        "consumer_max_fetch_size": max_record_bytes(settings),
        "broker_session_timeout": settings.session_timeout_s,
        "broker_heartbeat_interval": min(3.0, settings.session_timeout_s / 3),
    }


def _faust_credentials(settings: Settings) -> object | None:
    if settings.security_protocol == "PLAINTEXT":
        return None
    import faust

    ssl_context = None
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        ssl_context = ssl.create_default_context(cafile=settings.ssl_cafile)  # what faust.auth.ssl is
    if settings.sasl_mechanism:
        password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=password,
            mechanism=settings.sasl_mechanism,
            ssl_context=ssl_context,
        )
    return faust.SSLCredentials(ssl_context)
