"""Headless Chromium from the machine's Debian packages, driven by Selenium (``make browser`` installs it).

Nothing is downloaded: the driver path is given, so Selenium Manager never runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

__all__ = ["CHROMEDRIVER", "CHROMIUM", "available", "chromium", "log_in"]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def available() -> bool:
    """Whether the Debian browser and its driver are installed."""
    return Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()


def chromium(width: int = 1280, height: int = 900, profile_dir: Path | None = None) -> webdriver.Chrome:
    """A fresh headless Chromium (its own throw-away profile) at ``width`` × ``height``."""
    os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: never fetch a browser or a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in _FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    profile = profile_dir or Path(tempfile.mkdtemp(prefix="matchmaker-chromium-"))
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    if profile_dir is None:
        original_quit = driver.quit

        def quit_and_clean() -> None:
            original_quit()
            shutil.rmtree(profile, ignore_errors=True)

        driver.quit = quit_and_clean  # type: ignore[method-assign]
    return driver


def log_in(driver: WebDriver, base_url: str, username: str, password: str, timeout: float = 20.0) -> None:
    """Log a cluster manager in through the web app's form (a fresh session) and wait for its first page."""
    driver.delete_all_cookies()
    driver.get(f"{base_url}/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, timeout).until(ec.url_contains("/opportunities"))
