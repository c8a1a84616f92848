"""``make screenshots``: every page of the web app, in a real browser, on the demo population.

Starts a worker and the web app against the broker in ``KAFKA_BOOTSTRAP_SERVERS`` (``tools.with_broker``),
publishes a share of the Lombardy demo data and some answers, and saves full-page PNGs to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from tools.browser import chromium
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


def _shoot(driver: WebDriver, url: str, name: str, width: int = 1280) -> None:
    driver.set_window_size(width, 900)
    driver.get(url)
    time.sleep(0.4)
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(width, min(max(height, 700), 4000))
    time.sleep(0.2)
    driver.save_screenshot(str(OUT / f"{name}.png"))
    print(f"docs/screenshots/{name}.png  {url}")


def _log_in(driver: WebDriver, web: WebProcess, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{web.url}/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(DEMO_MANAGERS[username][2])
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    time.sleep(0.5)


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
        # one Italian SME with an address and language, as a real member would fill in its profile
        sme = next(m for m in members if m.is_sme and "AFIL" in m.clusters)
        sme = sme.model_copy(update={"contact_email": "info@example.it", "language": "it"})
        members = [sme if m.member_id == sme.member_id else m for m in members]
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
        best_opportunity = max(counts, key=lambda o: counts[o])
        member = (
            sme.member_id if by_member.get(sme.member_id) else max(by_member, key=lambda m: len(by_member[m]))
        )
        afil_member = next(m.member_id for m in members if "AFIL" in m.clusters)

        _shoot(driver, f"{web.url}/login", "login")
        _log_in(driver, web, "afil")
        _shoot(driver, f"{web.url}/opportunities", "manager-opportunities")
        _shoot(driver, f"{web.url}/opportunities/{best_opportunity}", "manager-opportunity")
        _shoot(driver, f"{web.url}/opportunities/new", "manager-opportunity-form")
        driver.find_element(By.NAME, "deadline").send_keys("31/12/2026")
        driver.find_element(By.ID, "publish").click()
        time.sleep(0.5)
        driver.save_screenshot(str(OUT / "manager-opportunity-form-errors.png"))
        print("docs/screenshots/manager-opportunity-form-errors.png")
        _shoot(driver, f"{web.url}/members", "manager-members")
        _shoot(driver, f"{web.url}/members/{afil_member}", "manager-member")
        _shoot(driver, f"{web.url}/members/{afil_member}/edit", "manager-member-form")
        _log_in(driver, web, "regione")
        _shoot(driver, f"{web.url}/cross-cluster", "manager-cross-cluster")
        driver.delete_all_cookies()
        driver.get(web.member_link(member))
        _shoot(driver, f"{web.url}/inbox", "member-inbox")
        first = by_member[member][0].suggestion_id
        _shoot(driver, f"{web.url}/inbox/{first}", "member-why")
        _shoot(driver, f"{web.url}/profile", "member-profile")
        driver.get(f"{web.url}/lang/en?next=/inbox")
        _shoot(driver, f"{web.url}/inbox", "member-inbox-en")
        _log_in(driver, web, "afil")
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
