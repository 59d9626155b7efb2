#!/usr/bin/env python3
"""Books an appointment in headless Chromium with JavaScript on, as a patient would:
open a doctor's page, pick a date, choose a free time from the list the script fetched, fill
the form, send it, and land on the private page with the reference. Then runs axe-core (AXE_JS:
the path of axe.min.js) at phone width over public pages, "My appointments" (signed in with the code
read from the outbox of MAWID_DB: the server has no SMS channel, so the SMS waits there) and the
practice's pages (signed in as `checker` / "browser check password"): any serious or critical finding fails.

usage: scripts/browser-check.py BASE_URL DOCTOR_SLUG   (needs chromium and websocket-client)
"""
import json, os, re, sqlite3, subprocess, sys, tempfile, time, urllib.request
import websocket

base, slug = sys.argv[1], sys.argv[2]
port = int(os.environ.get("CHROME_DEBUG_PORT", "9333"))  # another one when two checks run at once
profile = tempfile.mkdtemp()
chrome = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={port}",
                           f"--user-data-dir={profile}", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(50):
        try:
            tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
            break
        except Exception:
            time.sleep(0.2)
    page = next(t for t in tabs if t["type"] == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"])
    seq = [0]

    def send(method, **params):
        seq[0] += 1
        ws.send(json.dumps({"id": seq[0], "method": method, "params": params}))
        while True:
            msg = json.loads(ws.recv())
            if msg.get("id") == seq[0]:
                return msg.get("result", {})

    def js(expr):
        return send("Runtime.evaluate", expression=expr, awaitPromise=True, returnByValue=True)["result"].get("value")

    def wait(expr, what, seconds=10):
        for _ in range(seconds * 10):
            if js(expr):
                return
            time.sleep(0.1)
        sys.exit(f"browser: FAIL: {what}")

    send("Page.enable")
    send("Page.navigate", url=f"{base}/fr/doctors/{slug}/")
    wait("document.readyState === 'complete' && !!document.querySelector('form.booking')", "the doctor page did not load")
    slots = json.load(urllib.request.urlopen(f"{base}/api/doctors/{slug}/slots?days=14"))["slots"]
    date = slots[0]["date"]
    js(f"""(() => {{ const d = document.querySelector('form.booking [name=date]'); d.value = '{date}';
          d.dispatchEvent(new Event('input', {{bubbles: true}})); d.dispatchEvent(new Event('change', {{bubbles: true}})); }})()""")
    wait("(() => { const t = document.querySelector('form.booking select[name=time]'); return t && t.options.length > 1; })()",
         "the form did not offer the free times of that day (JavaScript enhancement)")
    offered = js("Array.from(document.querySelector('form.booking select[name=time]').options).map(o => o.value).filter(v => v)")
    expected = [s["time"] for s in slots if s["date"] == date]
    if offered != expected:
        sys.exit(f"browser: FAIL: offered times {offered} differ from the free slots {expected}")
    print(f"browser: ok   the form offers the {len(offered)} free times of {date}")
    js(f"""(() => {{ const f = document.querySelector('form.booking');
          f.querySelector('select[name=time]').value = '{offered[-1]}';
          f.querySelector('[name=name]').value = 'Nadia Browser';
          f.querySelector('[name=phone]').value = '0661 23 45 67';
          f.querySelector('[name=consent]').checked = true;
          f.querySelector('[type=submit]').click(); }})()""")
    wait("location.pathname.includes('/api/b/') && document.readyState === 'complete'", "sending the form did not lead to the patient's page")
    reference = js("(document.querySelector('.ref') || {}).textContent")
    if not reference:
        sys.exit("browser: FAIL: the patient's page shows no reference")
    print(f"browser: ok   booked {date} {offered[-1]} in the browser, reference {reference}")
    patient_page = js("location.pathname")

    # The search box on the list of doctors searches the whole directory (search.json), not only the page shown.
    send("Page.navigate", url=f"{base}/fr/doctors/")
    wait("document.readyState === 'complete' && !!document.querySelector('input[data-search]')", "the list of doctors did not load")
    name = json.load(urllib.request.urlopen(f"{base}/fr/search.json"))["d"][-1][0]
    word = name.split()[-1]
    js(f"""(() => {{ const i = document.querySelector('input[data-search]'); i.value = {json.dumps(word)};
          i.dispatchEvent(new Event('input', {{bubbles: true}})); }})()""")
    wait(f"Array.from(document.querySelectorAll('[data-search-results] a')).some(a => a.textContent === {json.dumps(name)})",
         f"searching {word!r} on the list of doctors did not find {name}")
    if not js("document.querySelector('[data-search-list]').hidden"):
        sys.exit("browser: FAIL: the list stays shown under the search results")
    print(f"browser: ok   the search box finds {name} from the list of doctors")

    # Accessibility at phone width: axe-core's serious and critical findings.
    axe = open(os.environ["AXE_JS"], encoding="utf-8").read()
    send("Emulation.setDeviceMetricsOverride", width=375, height=812, deviceScaleFactor=2, mobile=True)

    def findings():
        js(axe)
        found = js("""axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' (' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ') + ')'))""")
        if found is None:
            sys.exit("browser: FAIL: axe-core did not run")
        return found

    def audit(label):
        found = findings()
        if found:
            for line in found:
                print(f"browser: FAIL {label}: {line}")
            return 1
        print(f"browser: ok   {label}: no serious axe-core finding at 375 px")
        return 0

    def visit(path, ready="true"):
        send("Page.navigate", url=base + path)
        wait(f"document.readyState === 'complete' && ({ready})", f"{path} did not load")

    # A page with an image without text: axe must find it, or the pass below proves nothing.
    visit("/fr/")
    js("document.body.insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    if not any("image-alt" in line for line in findings()):
        sys.exit("browser: FAIL: axe-core did not report an image without alt text")
    failures = 0
    # The patient's page (messages, documents) in French and in Arabic too.
    for path in ["/fr/", f"/ar/doctors/{slug}/", f"/fr/doctors/{slug}/", "/en/doctors/", "/fr/contact/",
                 patient_page, patient_page + "?lang=ar"]:
        visit(path)
        # (The patient's link is a secret: not in the output.)
        failures += audit(path.replace(patient_page, "the patient's page"))
    # "My appointments": the phone form, the code form, the list (the booking made above), in Arabic too.
    visit("/api/my?lang=fr", "!!document.querySelector('input[name=phone]')")
    failures += audit("/api/my (phone form)")
    js("""(() => { const f = document.querySelector('main form'); f.querySelector('[name=phone]').value = '0661 23 45 67';
          f.querySelector('[type=submit]').click(); })()""")
    wait("!!document.querySelector('input[name=code]') && document.readyState === 'complete'", "asking for a code did not lead to the code form")
    failures += audit("/api/my (code form)")
    row = sqlite3.connect(os.environ["MAWID_DB"]).execute(
        "SELECT body FROM outbox WHERE kind = 'login_code' AND recipient = '+213661234567' ORDER BY id DESC LIMIT 1").fetchone()
    code = re.search(r"\b[0-9]{6}\b", row[0] if row else "")
    if not code:
        sys.exit("browser: FAIL: no sign-in code in the outbox")
    js(f"""(() => {{ const f = document.querySelector('main form'); f.querySelector('[name=code]').value = '{code.group(0)}';
          f.querySelector('[type=submit]').click(); }})()""")
    wait("location.pathname === '/api/my/bookings' && document.readyState === 'complete'", "signing in with the code did not lead to the list")
    if "Nadia Browser" not in js("document.body.textContent"):
        sys.exit("browser: FAIL: the list of my appointments lacks the booking made in the browser")
    print("browser: ok   signed in to my appointments with the code, the booking is listed")
    failures += audit("/api/my/bookings (list)")
    visit("/api/my/bookings?lang=ar")
    if js("document.documentElement.dir") != "rtl":
        sys.exit("browser: FAIL: /api/my/bookings is not right to left in Arabic")
    failures += audit("/api/my/bookings (ar)")
    visit("/review/login", "!!document.querySelector('input[name=password]')")
    js("""(() => { const f = document.querySelector('form'); f.querySelector('[name=login]').value = 'checker';
          f.querySelector('[name=password]').value = 'browser check password'; f.querySelector('[type=submit]').click(); })()""")
    wait("location.pathname === '/review/' && document.readyState === 'complete'", "signing in to /review failed")
    failures += audit("/review/ (inbox)")
    booking = js("(document.querySelector('a[href^=\"/review/bookings/\"]') || {}).getAttribute?.('href')")
    # The figures: the last 30 days (often none yet), and the day of the booking above (its charts and tables).
    for path in ["/review/calendar", "/review/new", "/review/hours/amina-benali", "/review/ratings", f"{booking}", f"{booking}/patient",
                 "/review/figures", f"/review/figures?doctor={slug}&from={date}&through={date}"]:
        visit(path)
        failures += audit(path)
    # The review area in Arabic, right to left.
    visit("/review/language/ar")
    for path in ["/review/calendar", "/review/hours/amina-benali", f"/review/figures?doctor={slug}&from={date}&through={date}"]:
        visit(path)
        if js("document.documentElement.dir") != "rtl":
            sys.exit(f"browser: FAIL: {path} is not right to left in Arabic")
        failures += audit(path + " (ar)")
    visit("/review/language/fr")
    js("""(() => { const f = document.querySelector('form.review-search'); f.querySelector('[name=q]').value = 'nadia';
          f.querySelector('[type=submit]').click(); })()""")
    wait("location.pathname === '/review/find' && document.readyState === 'complete'", "the search box did not search")
    if "Nadia Browser" not in js("document.body.textContent"):
        sys.exit("browser: FAIL: the office's search did not find the booking made in the browser")
    failures += audit("/review/find (results)")
    if failures:
        sys.exit(f"browser: FAIL: {failures} page(s) with serious accessibility findings")
finally:
    chrome.kill()
