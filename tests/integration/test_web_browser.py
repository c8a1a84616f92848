"""The people's side in a real browser: headless Chromium (Debian's) against the real broker and worker.

A cluster manager publishes an opportunity through the form and sees its suggestions; the suggested
member opens its link and accepts; the manager sees the acceptance on the funnel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Worker
from kafka import KafkaProducer
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from models.events import MemberProfile
from streams.cloudevents import cloudevent_headers
from streams.kafka_config import producer_kwargs
from streams.settings import Settings
from tools import browser
from tools.webapp import DEMO_MANAGERS, WebProcess, demo_accounts

pytestmark = pytest.mark.integration

_NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
MEMBERS = [
    (
        "afil-laser",
        "Laser Brianza srl",
        ["AFIL"],
        "Laser welding cells for aluminium battery trays of electric vehicles",
    ),
    ("afil-mould", "Stampi Lecco spa", ["AFIL"], "Injection moulds for polymer automotive interior parts"),
    ("clm-charge", "Volta Charge srl", ["CLM"], "Fast charging stations for electric buses and trucks"),
    ("clm-drive", "E-Drive Pavia srl", ["CLM"], "Battery pack assembly and laser welding of busbars for EVs"),
    ("llsc-bio", "Biotech Milano srl", ["LLSC"], "Monoclonal antibodies for oncology diagnostics"),
]


def _publish_members(settings: Settings) -> None:
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python"))
    for member_id, name, clusters, text in MEMBERS:
        profile = MemberProfile(
            member_id=member_id,
            name=name,
            clusters=clusters,
            org_type="company",
            size="small",
            ecosystems=["advanced_manufacturing"],
            competencies=[{"text": text, "kind": "product"}],  # type: ignore[list-item]
            updated_at=_NOW,
        )
        producer.send(
            settings.topics.members,
            key=member_id.encode(),
            value=profile.model_dump_json().encode(),
            headers=cloudevent_headers(profile, settings),
        )
    producer.flush()
    producer.close()


@pytest.fixture(scope="module")
def web(settings: Settings, worker: Worker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    if not browser.available():
        pytest.fail(
            "headless Chromium is missing: `make browser` installs Debian's chromium and chromium-driver"
        )
    _publish_members(settings)
    worker.wait_committed(settings.topics.members)
    folder = tmp_path_factory.mktemp("web")
    process = WebProcess(
        settings, folder / "web.log", demo_accounts(folder / "accounts.toml", iterations=1000)
    )
    process.start()
    yield process
    process.stop()


@pytest.fixture
def driver() -> Iterator[WebDriver]:
    d = browser.chromium()
    yield d
    d.quit()


def test_manager_publishes_member_accepts_manager_sees_it(
    web: WebProcess, driver: WebDriver, worker: Worker
) -> None:
    # 1. a cluster manager logs in
    browser.log_in(driver, web.url, "afil", DEMO_MANAGERS["afil"][2])
    assert "Anna Ferri" in driver.find_element(By.CSS_SELECTOR, "header").text

    # 2. publishes an opportunity through the form (a first try with a missing title is refused in place)
    driver.get(f"{web.url}/opportunities/new")
    driver.find_element(By.NAME, "description").send_keys(
        "We look for a partner for laser welding of aluminium battery trays "
        "and busbars for electric vehicles."
    )
    driver.find_element(By.ID, "publish").click()
    # the refused form comes back as a new page: wait for it rather than read the old one
    error = WebDriverWait(driver, 20).until(ec.visibility_of_element_located((By.ID, "error-title")))
    assert error.text.strip()  # the reason, next to the field
    driver.find_element(By.NAME, "title").send_keys("Laser welding of EV battery trays")
    driver.find_element(By.ID, "publish").click()
    WebDriverWait(driver, 30).until(ec.url_matches(r"/opportunities/afil-\d{8}-[0-9a-f]{6}$"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Laser welding of EV battery trays"

    # 3. its suggestions appear (the page refreshes itself until the worker's ranking arrives)
    try:
        first = WebDriverWait(driver, 180, poll_frequency=1).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "li.suggestion"))
        )
    except Exception:
        pytest.fail(f"no suggestions appeared\nworker:\n{worker.log_tail()}\nweb:\n{web.log_tail()}")
    member_id = first.get_attribute("id").removeprefix("m-")
    assert member_id in {"afil-laser", "clm-drive"}, member_id
    assert "%" in first.text or first.find_element(By.CSS_SELECTOR, ".reason").text

    # 4. the suggested member comes in through its link
    driver.delete_all_cookies()
    driver.get(web.member_link(member_id))
    WebDriverWait(driver, 20).until(ec.url_contains("/inbox"))
    card = driver.find_element(By.CSS_SELECTOR, "article.suggestion")
    assert "Laser welding of EV battery trays" in card.text
    assert card.find_element(By.CSS_SELECTOR, ".reason").text  # why, in plain words

    # 5. and accepts
    card.find_element(By.CSS_SELECTOR, "button[data-action=accepted]").click()
    WebDriverWait(driver, 20).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "article.suggestion [data-answer=accepted]"))
    )

    # 6. the manager sees the acceptance on the funnel
    browser.log_in(driver, web.url, "afil", DEMO_MANAGERS["afil"][2])
    driver.get(f"{web.url}/cross-cluster")
    accepted = driver.find_element(By.CSS_SELECTOR, "#funnel tr[data-stage=accepted] .n")
    assert accepted.text == "1"
    suggested = int(driver.find_element(By.CSS_SELECTOR, "#funnel tr[data-stage=suggested] .n").text)
    assert suggested >= 1


def test_a_restarted_web_process_rebuilds_its_read_model(
    web: WebProcess, settings: Settings, tmp_path: Path
) -> None:
    again = WebProcess(
        settings, tmp_path / "web2.log", demo_accounts(tmp_path / "accounts.toml", iterations=1000)
    )
    again.start()
    try:
        import json
        import urllib.request

        with urllib.request.urlopen(f"{again.url}/healthz", timeout=5) as response:
            body = json.loads(response.read())
        assert body["members"] == len(MEMBERS)
        assert body["opportunities"] >= 1
    finally:
        again.stop()
