"""``make screenshots``: every page of the web app, in a real browser, on the demo population.

Starts a worker and the web app against the broker in ``KAFKA_BOOTSTRAP_SERVERS`` (``tools.with_broker``),
publishes a share of the Lombardy demo data and some answers, and saves full-page PNGs to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from kafka import KafkaProducer
from pydantic import BaseModel
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from models.events import MatchSuggestion
from models.feedback import MatchFeedback
from streams.cloudevents import cloudevent_headers
from streams.kafka_config import producer_kwargs
from streams.kafka_io import LagMonitor, read_topic
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.browser import chromium, log_in
from tools.ltcdata import generate_members, member_opportunities, regional_calls
from tools.paths import ROOT
from tools.webapp import DEMO_MANAGERS, WebProcess, demo_accounts
from tools.workers import WorkerProcess

__all__ = ["main"]

OUT = ROOT / "docs" / "screenshots"


def _send(producer: KafkaProducer, settings: Settings, topic: str, key: str, event: BaseModel) -> None:
    producer.send(
        topic,
        key=key.encode(),
        value=event.model_dump_json().encode(),
        headers=cloudevent_headers(event, settings),
    )


def _wait_committed(settings: Settings, topic: str, worker: WorkerProcess, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    with LagMonitor(settings) as lag:
        while lag.lag([topic]) != 0:
            if not worker.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not catch up on {topic}:\n{worker.log_tail()}")
            time.sleep(1)


def _save(driver: WebDriver, name: str, width: int = 1280) -> None:
    """The whole page (not only the window), through the DevTools protocol, at most 3,600 px tall."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    metrics = {"width": width, "height": min(max(height, 700), 3600), "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    (OUT / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
    print(f"docs/screenshots/{name}.png  {driver.current_url}")


def _shoot(driver: WebDriver, url: str, name: str) -> None:
    driver.get(url)
    time.sleep(0.3)
    _save(driver, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=0.3, help="share of the demo population")
    args = parser.parse_args(argv)
    bootstrap = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    prefix = f"shots-{int(time.time())}"
    settings = Settings(bootstrap_servers=bootstrap, topic_prefix=prefix, app_id=f"matchmaker-{prefix}")
    ensure_topics(settings)
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="matchmaker-shots-"))
    worker = WorkerProcess(settings, work / "worker.log", loglevel="warning")
    worker.start()
    web = WebProcess(settings, work / "web.log", demo_accounts(work / "accounts.toml"))
    driver = None
    try:
        members = generate_members(scale=args.scale)
        today = dt.date.today()
        opportunities = [*regional_calls(), *member_opportunities(members, today=today)]
        producer = KafkaProducer(**producer_kwargs(settings, "kafka-python", linger_ms=5))
        for m in members:
            _send(producer, settings, settings.topics.members, m.member_id, m)
        producer.flush()
        print(f"published {len(members)} members; the worker embeds their evidence")
        _wait_committed(settings, settings.topics.members, worker)
        for o in opportunities:
            _send(producer, settings, settings.topics.opportunities, o.opportunity_id, o)
        producer.flush()
        _wait_committed(settings, settings.topics.opportunities, worker)
        time.sleep(5)  # the consortium and notifier processors run behind the matcher
        suggestions = [
            MatchSuggestion.model_validate_json(v)
            for _, v in read_topic(settings, settings.topics.suggestions, idle_ms=3000)
            if v is not None and b'"retraction_id"' not in v
        ]
        rng = random.Random(7)
        answers = ("accepted", "accepted", "contacted", "met", "partnered", "declined")
        for s in rng.sample(suggestions, k=min(len(suggestions) // 3, 120)):
            steps = {"declined": ["declined"], "accepted": ["accepted"]}.get(
                action := rng.choice(answers), ["accepted", action]
            )
            for step in steps:
                _send(
                    producer,
                    settings,
                    settings.topics.feedback,
                    s.suggestion_id,
                    MatchFeedback(
                        suggestion_id=s.suggestion_id,
                        opportunity_id=s.opportunity_id,
                        member_id=s.member_id,
                        actor="member",
                        actor_id=s.member_id,
                        action=step,  # type: ignore[arg-type]
                        at=dt.datetime.now(dt.UTC),
                    ),
                )
        producer.flush()
        producer.close()
        web.start()
        driver = chromium()
        by_member: dict[str, list[MatchSuggestion]] = defaultdict(list)
        for s in suggestions:
            by_member[s.member_id].append(s)
        owned = {o.opportunity_id for o in opportunities if o.published_by == "AFIL"} | {
            o.opportunity_id
            for o in opportunities
            if any(m.member_id == o.published_by and "AFIL" in m.clusters for m in members)
        }
        counts: dict[str, int] = defaultdict(int)
        for s in suggestions:
            counts[s.opportunity_id] += s.opportunity_id in owned
        with_team = {
            json.loads(v)["opportunity_id"]
            for _, v in read_topic(settings, settings.topics.consortia, idle_ms=2000)
            if v is not None
        }
        best_opportunity = max(counts, key=lambda o: (o in with_team, counts[o]))
        member = max(by_member, key=lambda m: len(by_member[m]))
        afil = {m.member_id for m in members if "AFIL" in m.clusters}
        afil_member = max(afil, key=lambda m: len(by_member.get(m, [])))

        _shoot(driver, f"{web.url}/login", "login")
        log_in(driver, web.url, "afil", DEMO_MANAGERS["afil"][2])
        _shoot(driver, f"{web.url}/opportunities", "manager-opportunities")
        _shoot(driver, f"{web.url}/opportunities/{best_opportunity}", "manager-opportunity")
        _shoot(driver, f"{web.url}/opportunities/new", "manager-opportunity-form")
        driver.find_element(By.NAME, "description").send_keys("We need cobots for welding aluminium frames.")
        driver.find_element(By.ID, "publish").click()  # no title: refused beside the field, nothing sent
        time.sleep(0.5)
        _save(driver, "manager-opportunity-form-errors")
        _shoot(driver, f"{web.url}/members", "manager-members")
        _shoot(driver, f"{web.url}/members/{afil_member}", "manager-member")
        _shoot(driver, f"{web.url}/members/{afil_member}/edit", "manager-member-form")
        log_in(driver, web.url, "regione", DEMO_MANAGERS["regione"][2])
        _shoot(driver, f"{web.url}/cross-cluster", "manager-cross-cluster")
        driver.delete_all_cookies()
        driver.get(web.member_link(member))
        _shoot(driver, f"{web.url}/inbox", "member-inbox")
        first = by_member[member][0].suggestion_id
        _shoot(driver, f"{web.url}/inbox/{first}", "member-why")
        _shoot(driver, f"{web.url}/profile", "member-profile")
        driver.get(f"{web.url}/lang/it?next=/inbox")
        _shoot(driver, f"{web.url}/inbox", "member-inbox-it")
        _shoot(driver, f"{web.url}/inbox/{first}", "member-why-it")
        driver.get(f"{web.url}/lang/en?next=/inbox")
        log_in(driver, web.url, "afil", DEMO_MANAGERS["afil"][2])
        driver.get(f"{web.url}/lang/it?next=/opportunities")
        _shoot(driver, f"{web.url}/opportunities/{best_opportunity}", "manager-opportunity-it")
        return 0
    finally:
        if driver is not None:
            driver.quit()
        web.stop()
        worker.stop()


if __name__ == "__main__":
    raise SystemExit(main())
