#!/usr/bin/env python3
"""The HTTP clients of scripts/smoke-cluster (standard library only).

Requests to nginx go over HTTPS (the test authority's ca.pem) and each simulated patient connects from an
address of its own in 127.0.0.0/8, so nginx's limit_req and mawid's --trust-proxy see distinct clients.

  smoke-cluster.py slots BASE CA N DOCTOR...       N free slots from tomorrow on: "doctor date time" lines
  smoke-cluster.py race BASE CA DOCTOR DATE TIME N  N clients at once POST that slot; prints the statuses
  smoke-cluster.py load BASE CA SLOTS THREADS PID AFTER OUT
                                                    POSTs every slot of the file SLOTS from THREADS threads,
                                                    kill -9 PID (0: none) once AFTER answers came; OUT: one
                                                    JSON a line; prints the statuses
  smoke-cluster.py burst BASE CA N SOURCE           N invalid POSTs from one address: counts by status and origin
  smoke-cluster.py session A B LOGIN PASSWORD       signs in to /review on A, then is signed in on B
"""
import datetime, http.client, json, os, re, signal, ssl, sys, threading, urllib.parse

CONTEXTS = {}


def request(url, method="GET", body=None, headers=None, ca=None, source=None, timeout=30):
    """(status, headers as a dict of lists, body bytes); one connection a request."""
    parts = urllib.parse.urlsplit(url)
    source_address = (source, 0) if source else None
    if parts.scheme == "https":
        if ca not in CONTEXTS:
            CONTEXTS[ca] = ssl.create_default_context(cafile=ca)
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=CONTEXTS[ca],
                                                 source_address=source_address)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=source_address)
    try:
        path = parts.path + ("?" + parts.query if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        found = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, data
    finally:
        connection.close()


def book(base, ca, doctor, date, time, name, phone, source):
    body = json.dumps({"doctor": doctor, "date": date, "time": time, "name": name, "phone": phone,
                       "consent": "yes", "lang": "fr"}).encode()
    try:
        status, _, data = request(base + "/api/bookings", "POST", body,
                                  {"Content-Type": "application/json", "Accept": "application/json"}, ca, source)
    except (OSError, http.client.HTTPException) as error:
        return {"status": 0, "error": type(error).__name__}
    answer = {"status": status}
    if status == 201:
        created = json.loads(data)
        answer.update(reference=created["reference"], manageURL=created["manageURL"])
    return answer


def phone(n):
    return "0550 %02d %02d %02d" % (n // 10000 % 100, n // 100 % 100, n % 100)


def slots(base, ca, count, doctors):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    found = []
    for doctor in doctors:
        status, _, data = request(f"{base}/api/doctors/{doctor}/slots?from={tomorrow}&days=31", ca=ca)
        if status != 200:
            continue
        found += [(doctor, s["date"], s["time"]) for s in json.loads(data)["slots"] if s["date"] >= tomorrow]
        if len(found) >= count:
            break
    if len(found) < count:
        sys.exit(f"only {len(found)} free slots from tomorrow on")
    for slot in found[:count]:
        print(*slot)


def race(base, ca, doctor, date, time, count):
    barrier = threading.Barrier(count)
    results = [None] * count

    def client(i):
        barrier.wait()
        results[i] = book(base, ca, doctor, date, time, f"Patient Course {i}", phone(100 + i), f"127.0.1.{i + 1}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = {}
    for r in results:
        counts[str(r["status"])] = counts.get(str(r["status"]), 0) + 1
    print(json.dumps(counts, sort_keys=True))
    for r in results:
        if r["status"] == 201:
            print(r["manageURL"], file=sys.stderr)


def load(base, ca, slots_file, thread_count, pid, after, out):
    todo = [line.split() for line in open(slots_file) if line.strip()]
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "killed": False}
    results = []

    def worker():
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= len(todo):
                return
            doctor, date, time = todo[i]
            # 40 addresses, 5 POSTs each: under nginx's limit_req burst and mawid's --rate-limit.
            r = book(base, ca, doctor, date, time, f"Patient Charge {i}", phone(5000 + i), f"127.0.2.{i % 40 + 1}")
            r.update(doctor=doctor, date=date, time=time)
            with lock:
                results.append(r)
                state["done"] += 1
                if pid and state["done"] >= after and not state["killed"]:
                    state["killed"] = True
                    os.kill(pid, signal.SIGKILL)

    threads = [threading.Thread(target=worker) for _ in range(thread_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(out, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    counts = {}
    for r in results:
        key = "no answer" if r["status"] == 0 else str(r["status"])
        counts[key] = counts.get(key, 0) + 1
    print(json.dumps(counts, sort_keys=True))


def burst(base, ca, count, source):
    counts = {}
    for _ in range(count):
        status, headers, data = request(base + "/api/bookings", "POST", b"{}",
                                        {"Content-Type": "application/json", "Accept": "application/json"}, ca, source)
        # mawid answers JSON; nginx's own 429 is an HTML page.
        origin = "mawid" if headers.get("content-type", [""])[0].startswith("application/json") else "nginx"
        key = f"{status} {origin}"
        counts[key] = counts.get(key, 0) + 1
    print(json.dumps(counts, sort_keys=True))


def session(a, b, login, password):
    """Signs in on A (plain HTTP to the server itself), then uses the session cookie on B; its CSRF token too."""
    def cookies_of(headers):
        jar = {}
        for line in headers.get("set-cookie", []):
            name, _, value = line.split(";")[0].partition("=")
            jar[name.strip()] = value
        return jar

    status, headers, page = request(a + "/review/login")
    jar = cookies_of(headers)
    csrf = page.decode().split('name="csrf" value="')[1].split('"')[0]
    form = urllib.parse.urlencode({"login": login, "password": password, "csrf": csrf}).encode()
    status, headers, _ = request(a + "/review/login", "POST", form,
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    if status != 303:
        sys.exit(f"signing in on {a}: {status}")
    session = {k: v for k, v in cookies_of(headers).items() if v}
    cookie = "; ".join(f"{k}={v}" for k, v in session.items())
    status_a, _, inbox_a = request(a + "/review/", headers={"Cookie": cookie})
    status_b, _, inbox_b = request(b + "/review/", headers={"Cookie": cookie})
    if status_a != 200 or status_b != 200 or b"/review/logout" not in inbox_b:
        sys.exit(f"the session of {a} on {b}: {status_a} then {status_b}")
    # A form of the inbox served by B, posted to A with the session made on A: confirm a pending booking.
    text = inbox_b.decode()
    found = re.search(r"/review/bookings/([0-9]+)/confirm", text)
    token = text.split('name="csrf" value="')[1].split('"')[0]
    if not found:
        sys.exit("no pending booking to confirm in the inbox")
    booking = found.group(1)
    status, _, _ = request(f"{a}/review/bookings/{booking}/confirm", "POST", urllib.parse.urlencode({"csrf": token}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    if status != 303:
        sys.exit(f"confirming on {a} with the form of {b}: {status}")
    print(booking)


command, args = sys.argv[1], sys.argv[2:]
if command == "slots":
    slots(args[0], args[1], int(args[2]), args[3:])
elif command == "race":
    race(args[0], args[1], args[2], args[3], args[4], int(args[5]))
elif command == "load":
    load(args[0], args[1], args[2], int(args[3]), int(args[4]), int(args[5]), args[6])
elif command == "burst":
    burst(args[0], args[1], int(args[2]), args[3])
elif command == "session":
    session(*args)
else:
    sys.exit(__doc__)
