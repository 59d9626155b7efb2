#!/usr/bin/env python3
"""Books an appointment in headless Chromium with JavaScript on, as a patient would:
open a doctor's page, pick a date, choose a free time from the list the script fetched, fill
the form, send it, and land on the private page with the reference.

usage: scripts/browser-check.py BASE_URL DOCTOR_SLUG   (needs chromium and websocket-client)
"""
import json, subprocess, sys, tempfile, time, urllib.request
import websocket

base, slug = sys.argv[1], sys.argv[2]
port = 9333
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
finally:
    chrome.kill()
