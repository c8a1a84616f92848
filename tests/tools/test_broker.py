from __future__ import annotations

import base64
import itertools

from tools.broker import new_cluster_id


def test_a_cluster_id_that_would_start_with_a_dash_is_drawn_again() -> None:
    # 0xF8 encodes to "-" as the first URL-safe base64 character: `kafka-storage format -t -…` fails on it
    dashed, plain = bytes([0xF8]) + bytes(15), bytes([0x10]) + bytes(15)
    assert base64.urlsafe_b64encode(dashed).decode().startswith("-")
    draws = iter([dashed, dashed, plain])
    calls = itertools.count()

    def random_bytes(n: int) -> bytes:
        next(calls)
        assert n == 16
        return next(draws)

    cluster_id = new_cluster_id(random_bytes)

    assert cluster_id == base64.urlsafe_b64encode(plain).decode().rstrip("=")
    assert next(calls) == 3  # two rejected draws, one kept


def test_cluster_ids_are_22_url_safe_characters_never_led_by_a_dash() -> None:
    ids = {new_cluster_id() for _ in range(5000)}  # ~78 would start with "-" without the redraw
    assert len(ids) == 5000
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)
    assert all(set(i) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for i in ids)
