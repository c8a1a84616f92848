"""One translation of the settings for every Kafka client: sizes, groups and credentials agree."""

from __future__ import annotations

import pytest

from streams.kafka_config import (
    admin_kwargs,
    connection,
    consumer_kwargs,
    faust_app_kwargs,
    max_record_bytes,
    producer_kwargs,
)
from streams.settings import Settings


def test_record_size_leaves_room_for_an_oversize_event_to_be_dead_lettered() -> None:
    assert max_record_bytes(Settings()) == 2_000_000
    assert max_record_bytes(Settings(max_event_bytes=4096)) == 1_048_576


@pytest.mark.parametrize("client", ["aiokafka", "kafka-python"])
def test_consumers_producers_and_admins_share_one_connection(client: str) -> None:
    settings = Settings(bootstrap_servers="a:9092,b:9092", session_timeout_s=12)
    consumer = consumer_kwargs(settings, client)  # type: ignore[arg-type]
    assert consumer["bootstrap_servers"] == ["a:9092", "b:9092"]
    assert (consumer["group_id"], consumer["enable_auto_commit"], consumer["auto_offset_reset"]) == (
        None,
        False,
        "earliest",
    )
    assert consumer["max_partition_fetch_bytes"] == 2_000_000 and "session_timeout_ms" not in consumer
    grouped = consumer_kwargs(settings, client, group_id="g", auto_offset_reset="latest")  # type: ignore[arg-type]
    assert (grouped["session_timeout_ms"], grouped["heartbeat_interval_ms"]) == (12_000, 3_000)
    assert grouped["auto_offset_reset"] == "latest"
    producer = producer_kwargs(settings, client)  # type: ignore[arg-type]
    assert (producer["acks"], producer["max_request_size"]) == ("all", 2_000_000)
    assert admin_kwargs(settings, client) == connection(settings, client)  # type: ignore[arg-type]


def test_faust_gets_the_same_sizes_and_plaintext_needs_no_credentials() -> None:
    app = faust_app_kwargs(Settings(bootstrap_servers="a:9092,b:9092"))
    assert app["broker"] == ["kafka://a:9092", "kafka://b:9092"] and app["broker_credentials"] is None
    assert app["producer_max_request_size"] == app["consumer_max_fetch_size"] == 2_000_000


def test_kafka_python_gets_the_ca_file_and_sasl_in_its_vocabulary() -> None:
    settings = Settings(
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="u",
        sasl_password="p",
        ssl_cafile="/ca.pem",
    )
    config = connection(settings, "kafka-python")
    assert (config["sasl_mechanism"], config["sasl_plain_username"], config["ssl_cafile"]) == (
        "SCRAM-SHA-512",
        "u",
        "/ca.pem",
    )
    assert "ssl_context" not in connection(settings, "aiokafka")  # no TLS on SASL_PLAINTEXT
