#!/usr/bin/env python3
"""Every form of the mlops dashboard, used in headless Chromium as a person would.

Run by scripts/dashboard-forms.sh, which seeds the store, starts `mlops serve` and passes its URL.
Each step clicks the real links and buttons and types into the real fields (it never posts a
form itself nor touches a hidden field), so a form the server renders wrongly (a missing CSRF
field, a wrong action) fails here as it would for a person. After each change the step checks the
page's notice, then the store through the mlops CLI, with the token's name as the actor.

Prints one line per step, then the timings and "dashboard-forms: N passed, F failed". Stops at
the first failure: the step, what was expected, what the page said and the server log's tail.
The deployer token's secret comes in DASHBOARD_FORMS_TOKEN (kept off the command line).
Exit codes: 0 every step passed; 1 a step failed; 2 usage.
"""

import argparse
import json
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ME = "dashboard-forms"
MODEL = "ctr"
WAIT = 20  # seconds for a page to load after a click


class StepFailed(Exception):
    """What a step expected and did not get; `said` is what the page (or the CLI) said instead."""

    def __init__(self, expected, said=None):
        super().__init__(expected)
        self.expected = expected
        self.said = said


class Forms:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.number = 0
        options = Options()
        options.binary_location = args.chromium
        for flag in ("--headless=new", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                     "--window-size=1280,1000", "--lang=en-US"):
            options.add_argument(flag)
        # The sandbox cannot run as root (or in most containers), as in scripts/screenshot.sh.
        if os.geteuid() == 0 or os.environ.get("CHROMIUM_NO_SANDBOX"):
            options.add_argument("--no-sandbox")
        self.driver = webdriver.Chrome(options=options, service=Service(executable_path=args.chromedriver))
        self.driver.set_page_load_timeout(WAIT)

    # ---- running steps -------------------------------------------------------------------------

    def step(self, name, body):
        self.number += 1
        started = time.monotonic()
        try:
            detail = body()
        except StepFailed as failure:
            self.fail(name, failure.expected, failure.said)
        except Exception as error:  # the browser, the CLI or its JSON: reported as this step's failure
            self.fail(name, "no error from the browser or the CLI", f"{type(error).__name__}: {str(error).strip()[:600]}")
        self.passed += 1
        took = time.monotonic() - started
        print(f"{ME}: ok   {self.number:2d} {name}: {detail} ({took:.1f} s)", flush=True)

    def fail(self, name, expected, said):
        print(f"{ME}: FAIL {self.number:2d} {name}", flush=True)
        print(f"  expected: {expected}")
        print(f"  the page said: {said if said is not None else self.page_said()}")
        print("  the last 40 lines of the server log:")
        try:
            with open(self.args.server_log, encoding="utf-8", errors="replace") as log:
                for line in log.readlines()[-40:]:
                    print("    " + line.rstrip())
        except OSError as error:
            print(f"    (unreadable: {error})")
        print(f"{ME}: {self.passed} passed, 1 failed", flush=True)
        self.quit()
        sys.exit(1)

    def quit(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    # ---- reading the page ----------------------------------------------------------------------

    def texts(self, css):
        return [e.text.strip() for e in self.driver.find_elements(By.CSS_SELECTOR, css) if e.text.strip()]

    def page_said(self):
        """The page in a few words: where it is, its title, headings, notice and errors."""
        try:
            d = self.driver
            parts = [f"{d.current_url} «{d.title}»"]
            for label, css in (("heading", "main h1"), ("notice", "p.notice"), ("error", ".error-box, [role=alert]")):
                for text in self.texts(css):
                    parts.append(f"{label}: {' '.join(text.split())[:300]}")
            if len(parts) == 1:
                body = " ".join(d.find_element(By.TAG_NAME, "body").text.split())
                parts.append(f"text: {body[:400]}")
            return "; ".join(parts)
        except WebDriverException as error:
            return f"(the page could not be read: {str(error).strip()[:300]})"

    def notice(self):
        found = self.texts("p.notice[role=status]")
        return found[0] if found else None

    def expect_notice(self, start):
        notice = self.notice()
        if notice is None or not notice.startswith(start):
            raise StepFailed(f'the notice "{start}…"')
        return notice

    def expect_heading(self, text):
        headings = self.texts("main h1")
        if not any(text in h for h in headings):
            raise StepFailed(f'a page headed "{text}"')

    def signed_in_as(self):
        found = self.texts("header .who strong")
        return found[0] if found else None

    # ---- acting like a person ------------------------------------------------------------------

    def one(self, xpath, what):
        """The one visible element at `xpath`; a StepFailed naming `what` when there is none or many."""
        elements = [e for e in self.driver.find_elements(By.XPATH, xpath) if e.is_displayed()]
        if len(elements) != 1:
            raise StepFailed(f"{'one' if not elements else 'exactly one'} {what} on the page (found {len(elements)})")
        return elements[0]

    def click_through(self, element):
        """Clicks a link or a submit button and waits for the next page to load."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()

        def old_page_gone(_):
            # Mid-navigation, Chromium may answer for the old node with a stale-element error
            # or with "Node with given id does not belong to the document": both mean gone.
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True

        def new_page_ready(d):
            try:
                return d.execute_script("return document.readyState") == "complete" and d.find_element(By.TAG_NAME, "body")
            except WebDriverException:
                return False

        try:
            WebDriverWait(self.driver, WAIT).until(old_page_gone)
            WebDriverWait(self.driver, WAIT).until(new_page_ready)
        except TimeoutException:
            raise StepFailed(f"a new page within {WAIT} s of the click")

    def click_link(self, text, within=""):
        link = self.one(f"{within}//a[normalize-space()={xpath_string(text)}]", f'link "{text}"')
        self.click_through(link)

    def click_button(self, text, within=""):
        button = self.one(f"{within}//button[normalize-space()={xpath_string(text)}]", f'button "{text}"')
        if (button.get_attribute("type") or "submit") != "submit":
            raise StepFailed(f'button "{text}" to submit its form')
        self.click_through(button)

    def field_labelled(self, label_start):
        label = self.one(f"//label[starts-with(normalize-space(), {xpath_string(label_start)})]", f'field labelled "{label_start}…"')
        field_id = label.get_attribute("for")
        if not field_id:
            raise StepFailed(f'the label "{label.text}" to name its field (for=…)')
        return self.driver.find_element(By.ID, field_id)

    def confirm(self, title, button, reason, empty_first=False):
        """On a confirmation page: checks its title, types the reason, clicks its button.
        With empty_first, first clicks with no reason and checks the browser keeps the page
        (the field is required)."""
        self.expect_heading(title)
        field = self.field_labelled("Reason")
        if empty_first:
            if field.get_attribute("required") is None:
                raise StepFailed("the reason field to be required")
            here = self.driver.current_url
            self.one(f"//button[normalize-space()={xpath_string(button)}]", f'button "{button}"').click()
            time.sleep(0.3)
            if self.driver.current_url != here or not self.driver.find_elements(By.CSS_SELECTOR, "textarea:invalid"):
                raise StepFailed("the browser to refuse to submit without a reason (required field)")
            field = self.field_labelled("Reason")
        field.clear()
        field.send_keys(reason)
        self.click_button(button)

    def open(self, path):
        """Types an address into the address bar: the first page, and the second tab's."""
        self.driver.get(self.args.url.rstrip("/") + path)

    # ---- the store, through the CLI ------------------------------------------------------------

    def cli(self, *args):
        done = subprocess.run([self.args.mlops, *args], capture_output=True, text=True, timeout=60, cwd=self.args.home)
        if done.returncode != 0:
            raise StepFailed(f"mlops {' '.join(args)} to succeed",
                             f"(the CLI) exit {done.returncode}: {(done.stderr or done.stdout).strip()[:600]}")
        return done.stdout

    def cli_json(self, *args):
        return json.loads(self.cli(*args, "--json"))

    def aliases(self):
        """alias → version of the model, from `registry versions --json`."""
        found = {}
        for version in self.cli_json("registry", "versions", MODEL):
            for alias in version.get("aliases", []):
                found[alias] = version["version"]
        return found

    def expect_alias(self, alias, version):
        aliases = self.aliases()
        if aliases.get(alias) != version:
            raise StepFailed(f"{MODEL}@{alias} to be v{version} in the store" if version else f"no {MODEL}@{alias} in the store",
                             f"(the CLI) aliases {aliases}")

    def history(self):
        """The model's registry history, oldest first."""
        return self.cli_json("registry", "history", MODEL)

    def history_ids(self):
        return {e["id"] for e in self.history()}

    def expect_history(self, before, kind, version, reason):
        """A history event of `kind` (promoted, rolled_back, …) to `version`, not among the ids
        `before`, by the token's name, with `reason` (unless None)."""
        new = [e for e in self.history() if e["id"] not in before]
        matching = [e for e in new if e.get("kind") == kind and e.get("version") == version
                    and e.get("actor") == self.args.token_name and (reason is None or e.get("reason") == reason)]
        if not matching:
            raise StepFailed(f"a new '{kind}' event to v{version} in `registry history {MODEL}` by {self.args.token_name}"
                             + (f' with the reason "{reason}"' if reason else ""),
                             f"(the CLI) new events: {json.dumps(new)[:800]}")
        return matching[-1]

    def rollout(self):
        status = self.cli_json("rollout", "status", MODEL)
        return status["rollout"], status.get("events", [])

    def expect_rollout(self, rollout_id, status, event, reason):
        rollout, events = self.rollout()
        state = rollout.get("state", {}).get("status")
        if rollout.get("id") != rollout_id or state != status:
            raise StepFailed(f"rollout {rollout_id} {status} in `rollout status {MODEL}`",
                             f"(the CLI) rollout {rollout.get('id')} {state}")
        logged = [e for e in events if e.get("kind") == event and e.get("actor") == self.args.token_name]
        if not logged:
            raise StepFailed(f"a '{event}' event by {self.args.token_name} in the rollout's log",
                             f"(the CLI) events {json.dumps(events)[:800]}")
        if reason is not None and reason not in json.dumps(logged[0]):
            raise StepFailed(f"the '{event}' event to carry the reason \"{reason}\"", f"(the CLI) {json.dumps(logged[0])}")
        return rollout

    def jobs(self, state=None):
        args = ["jobs", "list", "--limit", "200"] + (["--state", state] if state else [])
        found = self.cli_json(*args)
        return found.get("jobs", found) if isinstance(found, dict) else found

    def expect_logged(self, message, **fields):
        """A JSON line of the server log with this message and these fields (the pipelines and
        the job queue record no actor, so the server's log is where the token's name shows)."""
        with open(self.args.server_log, encoding="utf-8", errors="replace") as log:
            for line in log:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("msg") == message and all(str(entry.get(k)) == str(v) for k, v in fields.items()):
                    return entry
        raise StepFailed(f'a server log line "{message}" with {fields}', "(the server log) none; its tail is below")

    def runs(self, pipeline):
        found = self.cli_json("pipelines", "runs", pipeline)
        return found.get("runs", found) if isinstance(found, dict) else found


def xpath_string(text):
    """`text` as an XPath string literal."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


def run(forms):
    args = forms.args
    d = forms.driver
    reasons = {
        "promote": "dashboard-forms: promote v3 from the model page",
        "rollback": "dashboard-forms: roll back from the model page",
        "pause": "dashboard-forms: pause the canary",
        "resume": "dashboard-forms: resume the canary",
        "promote-now": "dashboard-forms: promote the challenger now",
        "abort": "dashboard-forms: abort the second canary",
        "stale": "dashboard-forms: this must be refused",
    }
    state = {}

    def sign_in():
        forms.open("/")
        forms.expect_heading("Models")
        if forms.signed_in_as() is not None:
            raise StepFailed("nobody signed in on a fresh browser")
        forms.click_link("Sign in", within="//header")
        forms.expect_heading("Sign in")
        forms.field_labelled("API token").send_keys(args.token)
        forms.click_button("Sign in", within="//main")
        forms.expect_notice("Signed in.")
        who = forms.signed_in_as()
        if who != args.token_name:
            raise StepFailed(f'"Signed in as {args.token_name}" in the header')
        cookie = d.get_cookie("mlops_session")
        if not cookie or not cookie.get("httpOnly"):
            raise StepFailed("an HttpOnly mlops_session cookie", f"cookies: {[c['name'] for c in d.get_cookies()]}")
        if args.token in json.dumps(d.get_cookies()):
            raise StepFailed("the token itself kept out of the browser's cookies", "a cookie holds the token")
        state["session"] = cookie
        return f"signed in as {who} (deployer), HttpOnly session cookie"

    def open_model():
        forms.click_link(MODEL, within="//main//table")
        forms.expect_heading(MODEL)
        buttons = forms.texts("main table a.button")
        if "Promote…" not in buttons:
            raise StepFailed("Promote… buttons for a signed-in deployer")
        return f"{MODEL}: {len(buttons)} Promote… buttons, champion v1"

    def promote():
        before = forms.history_ids()
        forms.click_link("Promote…", within="//main//tbody/tr[th[normalize-space()='v3']]")
        forms.confirm(f"Promote {MODEL} v3", "Promote v3", reasons["promote"], empty_first=True)
        forms.expect_notice("Promoted.")
        forms.expect_alias("champion", 3)
        forms.expect_alias("previous", 1)
        forms.expect_history(before, "promoted", 3, reasons["promote"])
        return f"champion v3 (previous v1); history: promote by {args.token_name} with the reason"

    def roll_back():
        before = forms.history_ids()
        forms.expect_heading(MODEL)
        forms.click_link("Roll back to v1…", within="//main")
        forms.confirm(f"Roll back {MODEL} to v1", "Roll back to v1", reasons["rollback"])
        forms.expect_notice("Rolled back.")
        forms.expect_alias("champion", 1)
        forms.expect_history(before, "rolled_back", 1, reasons["rollback"])
        return f"champion v1 again; history: rollback by {args.token_name} with the reason"

    def open_rollout():
        rollout, _ = forms.rollout()
        state["rollout"] = rollout["id"]
        forms.click_link("Rollout", within="//main")
        forms.expect_heading(f"Rollout of {MODEL}: v1 → v2")
        controls = forms.texts("main .actions a.button")
        if controls != ["Pause…", "Promote now…", "Abort…"]:
            raise StepFailed("the controls Pause…, Promote now…, Abort…", f"controls: {controls}")
        return f"rollout {rollout['id']} running, controls {', '.join(controls)}"

    def pause():
        forms.click_link("Pause…", within="//main")
        forms.confirm(f"Pause the rollout of {MODEL}", "Pause the rollout", reasons["pause"])
        forms.expect_notice("Rollout paused")
        forms.expect_rollout(state["rollout"], "paused", "paused", reasons["pause"])
        return f"paused; rollout log: paused by {args.token_name}"

    def resume():
        forms.click_link("Resume…", within="//main")
        forms.confirm(f"Resume the rollout of {MODEL}", "Resume the rollout", reasons["resume"])
        forms.expect_notice("Rollout resumed.")
        forms.expect_rollout(state["rollout"], "running", "resumed", reasons["resume"])
        return f"running; rollout log: resumed by {args.token_name}"

    def promote_now():
        before = forms.history_ids()
        forms.click_link("Promote now…", within="//main")
        forms.confirm(f"Promote the challenger now of {MODEL}", "Promote the challenger now", reasons["promote-now"], empty_first=True)
        forms.expect_notice("Challenger promoted")
        forms.expect_rollout(state["rollout"], "promoted", "promoted", reasons["promote-now"])
        forms.expect_alias("champion", 2)
        forms.expect_alias("challenger", None)
        forms.expect_history(before, "promoted", 2, None)
        return f"rollout promoted, champion v2; history: promote by {args.token_name}"

    def abort():
        rollout = json.loads(forms.cli("rollout", "start", MODEL, "--challenger", "3", "--hold", "30m", "--json"))
        state["second"] = rollout["id"]
        d.refresh()  # the person reloads the rollout page to see the new canary
        forms.expect_heading(f"Rollout of {MODEL}: v2 → v3")
        forms.click_link("Abort…", within="//main")
        forms.confirm(f"Abort the rollout of {MODEL}", "Abort the rollout", reasons["abort"])
        forms.expect_notice("Rollout aborted")
        forms.expect_rollout(state["second"], "aborted", "aborted", reasons["abort"])
        forms.expect_alias("champion", 2)
        forms.expect_alias("challenger", None)
        return f"second rollout {state['second']} (started by the CLI) aborted; champion stays v2"

    def run_now():
        forms.click_link("Pipelines & jobs", within="//header")
        forms.expect_heading("Pipelines & jobs")
        before = {j["id"] for j in forms.jobs()}
        forms.click_button("Run now", within="//main//tbody/tr[th[normalize-space()='smoke']]")
        forms.expect_notice("Run queued")
        queued = [j for j in forms.jobs() if j["id"] not in before]
        if len(queued) != 1 or "smoke" not in json.dumps(queued[0]):
            raise StepFailed("one new job starting pipeline smoke in `jobs list`", f"(the CLI) new jobs {json.dumps(queued)[:600]}")
        forms.expect_logged("pipeline run started from the dashboard", pipeline="smoke", actor=args.token_name)
        forms.cli("worker", "run", "--until-idle")
        runs = [r for r in forms.runs("smoke") if "manual" in json.dumps(r)]
        if not runs or "succeeded" not in json.dumps(runs[0]):
            raise StepFailed("a succeeded manual run of smoke in `pipelines runs smoke` after a worker ran",
                             f"(the CLI) runs {json.dumps(runs)[:600]}")
        return f"job #{queued[0]['id']} queued by {args.token_name} (server log); a worker ran it: manual run of smoke succeeded"

    def retry():
        job = args.dead_job
        dead = {j["id"] for j in forms.jobs("discarded")}
        if job not in dead:
            raise StepFailed(f"job #{job} in the dead letter before the retry", f"(the CLI) discarded: {sorted(dead)}")
        d.refresh()  # the person reloads to see the dead letter as it is now
        forms.click_button("Retry", within=f"//main//tbody/tr[th[normalize-space()='#{job}']]")
        forms.expect_notice("Job queued again")
        if d.find_elements(By.XPATH, f"//main//tbody/tr/th[normalize-space()='#{job}']"):
            raise StepFailed(f"job #{job} gone from the dead letter on the page")
        after = {j["id"]: j for j in forms.jobs()}
        if after.get(job, {}).get("state") != "available":  # no worker runs now
            raise StepFailed(f"job #{job} out of the dead letter, available, in `jobs list`",
                             f"(the CLI) {json.dumps(after.get(job))[:600]}")
        forms.expect_logged("job retried from the dashboard", job_id=job, actor=args.token_name)
        return f"job #{job} left the dead letter (page and store: available), retried by {args.token_name} (server log)"

    def sign_out():
        # A second tab keeps a confirmation page, rendered while signed in, for the next step.
        first = d.current_window_handle
        d.switch_to.new_window("tab")
        forms.open(f"/ui/models/{MODEL}")
        forms.click_link("Promote…", within="//main//tbody/tr[th[normalize-space()='v1']]")
        forms.expect_heading(f"Promote {MODEL} v1")
        state["stale_tab"] = d.current_window_handle
        d.switch_to.window(first)
        forms.click_button("Sign out", within="//header")
        forms.expect_notice("Signed out.")
        if forms.signed_in_as() is not None:
            raise StepFailed("nobody signed in after signing out")
        forms.one("//header//a[normalize-space()='Sign in']", 'link "Sign in" in the header')
        if d.get_cookie("mlops_session"):
            raise StepFailed("the session cookie removed", f"cookie: {d.get_cookie('mlops_session')}")
        return "Signed out; the header offers Sign in again, the cookie is gone"

    def old_session():
        champion = forms.aliases().get("champion")
        before = forms.history_ids()
        # The old session id put back, as if copied before signing out: it must be dead.
        old = {k: v for k, v in state["session"].items() if k in ("name", "value", "path", "httpOnly", "sameSite")}
        d.add_cookie(old)
        d.refresh()
        if forms.signed_in_as() is not None or not d.find_elements(By.XPATH, "//header//a[normalize-space()='Sign in']"):
            raise StepFailed("the old session shown as signed out (Sign in offered)")
        if d.find_elements(By.XPATH, "//a[normalize-space()='Promote…']"):
            raise StepFailed("no Promote… buttons for the old session")
        # The confirmation page kept open in the other tab, submitted with the old session.
        d.switch_to.window(state["stale_tab"])
        forms.confirm(f"Promote {MODEL} v1", "Promote v1", reasons["stale"])
        headings = forms.texts("main h1")
        if forms.notice() is not None or not any(h in ("Sign in first", "Refused") for h in headings):
            raise StepFailed('the form refused ("Sign in first")')
        forms.expect_alias("champion", champion)
        new = [e for e in forms.history() if e["id"] not in before]
        if new:
            raise StepFailed("no new history event", f"(the CLI) new events: {json.dumps(new)[:600]}")
        return f'the kept form is refused ("{headings[0]}"), champion stays v{champion}, no new history'

    for name, body in (
        ("sign in with the deployer token", sign_in),
        (f"open model {MODEL}", open_model),
        ("Promote… v3 (reason required, confirmed)", promote),
        ("Roll back (reason, confirmed)", roll_back),
        ("open the rollout page", open_rollout),
        ("pause the rollout", pause),
        ("resume the rollout", resume),
        ("promote the rollout now (reason required)", promote_now),
        ("abort a second rollout started by the CLI", abort),
        ("Run now pipeline smoke", run_now),
        ("Retry the dead job", retry),
        ("Sign out", sign_out),
        ("the old session can change nothing", old_session),
    ):
        forms.step(name, body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the dashboard, e.g. http://127.0.0.1:8080")
    parser.add_argument("--mlops", required=True, help="the mlops binary, for checking the store")
    parser.add_argument("--home", default=None, help="where to run the CLI (default: $MLOPS_HOME)")
    parser.add_argument("--token-name", required=True, help="its name: the actor expected in the store")
    parser.add_argument("--dead-job", required=True, type=int, help="a discarded job's id")
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--chromedriver", required=True)
    parser.add_argument("--server-log", required=True)
    parser.add_argument("--started", type=float, default=None, help="when the whole test started (epoch seconds)")
    parser.add_argument("--setup", default="", help="the set-up timings, for the summary line")
    args = parser.parse_args()
    if args.home is None:
        args.home = os.environ.get("MLOPS_HOME", ".")
    args.token = os.environ.get("DASHBOARD_FORMS_TOKEN", "")
    if not args.token:
        parser.error("DASHBOARD_FORMS_TOKEN (a deployer token's secret) is not set")
    started = time.time()
    try:
        forms = Forms(args)
    except WebDriverException as error:
        print(f"{ME}: FAIL  0 start Chromium through chromedriver: {str(error).strip()[:800]}")
        print(f"{ME}: 0 passed, 1 failed")
        return 1
    try:
        run(forms)
    finally:
        forms.quit()
    total = f" in {time.time() - args.started:.1f} s" if args.started else ""
    setup = f"{args.setup}, " if args.setup else ""
    print(f"{ME}: {forms.passed} steps{total} ({setup}browser {time.time() - started:.1f} s)")
    print(f"{ME}: {forms.passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
