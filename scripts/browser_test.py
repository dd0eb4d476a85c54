#!/usr/bin/env python3
"""`ikplan serve` in a real browser: Debian's chromium, driven through chromedriver by
selenium (WebDriver).

    scripts/browser_test.py target/debug/ikplan [SHOTS_DIR]

Starts `ikplan serve --port 0 --ingen-webblasare` in a fresh working folder, picks the seeds
and a broken file in the page's file chooser and drops one more file on the drop zone,
checks how each was read (the broken one shows its one-line error, the others go on),
changes one column's field from its list, checks that the file was read again with it and
that the ikplan.toml block shows the choice, saves ikplan.toml to the working folder,
downloads the standardized workbook and checks that it is a workbook with the entity
sheets. Screenshots of the page go to SHOTS_DIR (default target/browser). Ends with one
line 'browser: N passed, N failed' and exit code 1 when a check failed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").iterdir())
PASSED, FAILED = [], []


def check(name, ok, detail=""):
    (PASSED if ok else FAILED).append(name)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}")


def start_server(binary, cwd):
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--ingen-webblasare"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"ikplan serve printed no address: {line!r} {proc.stderr.read()!r}")
    return proc, m.group(0)


def browser(downloads):
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="ikplan-chromium-")
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        f"--user-data-dir={profile}",
    ]:
        opts.add_argument(flag)
    opts.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=opts, service=service)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return driver, profile


def shot(driver, out, name):
    """A screenshot of the whole page."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(900, min(height + 40, 8000)))
    driver.save_screenshot(str(out / name))


def main():
    binary = str(Path(sys.argv[1]).resolve())
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "target" / "browser").resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="ikplan-serve-"))
    downloads = work / "nedladdat"
    downloads.mkdir()
    broken = work / "trasig.xlsx"
    broken.write_bytes(b"PK\x03\x04 inte en arbetsbok")
    proc, url = start_server(binary, work)
    driver, profile = browser(downloads)
    wait = WebDriverWait(driver, 60)
    try:
        driver.get(url)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-klar") == "1")
        check("the page says it stays on this computer", "127.0.0.1" in driver.find_element(By.ID, "lokal").text)
        shot(driver, out, "1-tom.png")

        # Pick the seeds and the broken file in the file chooser.
        picker = driver.find_element(By.ID, "valj-filer")
        picker.send_keys("\n".join(str(p) for p in SEEDS + [broken]))
        total = len(SEEDS) + 1
        settled = lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-klar") == "1"
        wait.until(lambda d: f"{total} filer lästes" in d.find_element(By.ID, "forlopp-text").text)
        wait.until(settled)
        # Drop one more file on the drop zone, as a user drags it from a folder.
        driver.execute_script(
            """
            const dt = new DataTransfer();
            const text = "Risk\\tKontroll\\tAnsvarig\\nFelaktiga utbetalningar\\tStickprov av attester\\tEkonomichef\\n";
            dt.items.add(new File([text], "slappt.txt", { type: "text/plain" }));
            const zon = document.getElementById("slapp");
            zon.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
            """
        )
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".fil")) == total + 1)
        wait.until(lambda d: "1 fil lästes" in d.find_element(By.ID, "forlopp-text").text)
        wait.until(settled)
        # Name -> (class, text) of every card, read at one moment.
        cards = dict(
            (n, (k, t))
            for n, k, t in driver.execute_script(
                "return [...document.querySelectorAll('.fil')]"
                ".map((c) => [c.dataset.namn, c.className, c.textContent]);"
            )
        )
        check("every file has its card", set(cards) == {p.name for p in SEEDS} | {"trasig.xlsx", "slappt.txt"}, str(sorted(cards)))
        bad_class, bad_text = cards.get("trasig.xlsx", ("", ""))
        check(
            "the broken file shows its one-line error",
            "fel" in bad_class.split() and "trasig.xlsx: " in bad_text,
            bad_text,
        )
        good = [t for n, (_, t) in cards.items() if n != "trasig.xlsx"]
        check("the other files were read", all("risker" in t and "kunde inte" not in t for t in good))
        check("the dropped file was read", "1 risker" in cards["slappt.txt"][1], cards["slappt.txt"][1])

        # Open seed 000 and look at its columns.
        seed = SEEDS[0].name
        card = driver.find_element(By.CSS_SELECTOR, f'.fil[data-namn="{seed}"]')
        card.find_element(By.TAG_NAME, "summary").click()
        # The card's content is built on its "toggle" event, which the browser fires after
        # the click returns: wait for it.
        select = wait.until(lambda d: card.find_element(By.CSS_SELECTOR, 'select[data-rubrik="Metod"]'))
        before = Select(select).first_selected_option.get_attribute("value")
        check("the column Metod was read as the control", before == "kontroll", before)
        check("its confidence and runner-up are shown", "70 %" in card.text and "metod" in card.text)
        check("row roles and findings are shown", "Radernas roller" in card.text and "IK103" in card.text)
        shot(driver, out, "2-last.png")

        # Change the column's field: the file is read again at once with it.
        Select(select).select_by_value("metod")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f'.fil.last-igen[data-namn="{seed}"]'))
        card = driver.find_element(By.CSS_SELECTOR, f'.fil[data-namn="{seed}"]')
        after = Select(card.find_element(By.CSS_SELECTOR, 'select[data-rubrik="Metod"]')).first_selected_option
        check("the re-read keeps the user's field", after.get_attribute("value") == "metod")
        check("the re-read says it is the user's choice", "ditt val" in card.text and "läst igen på" in card.text)
        toml = driver.find_element(By.ID, "toml").text
        check("the choice is shown as ikplan.toml", "[kolumner]" in toml and 'Metod = "metod"' in toml, toml)
        shot(driver, out, "3-andrat.png")

        driver.find_element(By.ID, "spara-toml").click()
        wait.until(lambda d: "Sparade" in d.find_element(By.ID, "spara-svar").text)
        saved = (work / "ikplan.toml").read_text(encoding="utf-8")
        check("ikplan.toml is written to the working folder", 'Metod = "metod"' in saved, saved)

        # Download the standardized workbook.
        driver.find_element(By.ID, "ladda-xlsx").click()
        target = downloads / "ikplan.xlsx"
        deadline = time.time() + 60
        while time.time() < deadline and not target.exists():
            time.sleep(0.2)
        ok = target.exists() and zipfile.is_zipfile(target)
        sheets = []
        if ok:
            import openpyxl

            sheets = openpyxl.load_workbook(target, read_only=True).sheetnames
        check(
            "the workbook downloads and opens",
            ok and {"Risker", "Kontroller", "Uppföljningar", "Anmärkningar"} <= set(sheets),
            str(sheets),
        )
        shot(driver, out, "4-slut.png")
        # A file with warnings and status words, opened, for the eye.
        driver.find_element(By.CSS_SELECTOR, f'.fil[data-namn="{seed}"] > summary').click()
        other = f'.fil[data-namn="{SEEDS[1].name}"]'
        driver.find_element(By.CSS_SELECTOR, other + " > summary").click()
        try:
            wait.until(lambda d: "Anmärkningar" in d.find_element(By.CSS_SELECTOR, other).text)
            grouped = "IK" in driver.find_element(By.CSS_SELECTOR, other).text
        except Exception:
            grouped = False
        check("findings are grouped by rule", grouped)
        shot(driver, out, "5-anmarkningar.png")
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"screenshots: {out}")
    print(f"browser: {len(PASSED)} passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
