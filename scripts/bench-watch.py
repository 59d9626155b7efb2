#!/usr/bin/env python3
"""The timing loop of scripts/bench-watch: from saving a doctor's file to the change being served.

usage: scripts/bench-watch.py --from YYYY-MM-DD [--days 14] [--edits 27] [--poll-ms 3] [--timeout 60]
           [--grace 3] --logs DIR
           --mawid-content DIR --mawid-port P --mawid-cmd 'COMMAND'
           [--hugo-content DIR --hugo-port P --hugo-cmd 'COMMAND']

Starts each server (under a pseudo-terminal, so its lines come out as they are written, each stamped
with the time it was read), waits until it serves (mawid: /api/health says "site":"ready"; hugo: its
"Web Server is available" line), then makes EDITS edits of nine kinds, each on another doctor, and
the same edit on each tool's own copy of the content, in turn (which tool goes first alternates).

An edit is timed from just before the file is written until every check of that edit holds, polled
every POLL_MS over keep-alive connections:
  hours    every open day becomes ["06:MM-10:00"] (MM unique): the page shows 06:MM, the slots API
           has a 06:MM slot
  holiday  a working day in the slots window joins `holidays`: the page shows that date, the API has
           no slot on it
  bio      a sentence with a unique word is added to the biography: the page shows it (API: 200)
  name     a word added to the name (the doctor keeps their place in the lists): the doctor's page
           and the page of their wilaya's list that had them (or the next one) show it (API: 200)
  name-top a new name that sorts first (the doctor moves to the top of every list, and the doctors
           before them one place down): the page and the first page of their wilaya's list show it
  new      a new doctor file: the page answers 200 with the name, the API 200 (404 before)
  draft    `draft: true` is added: page and API answer 404
  delete   the file is removed: page and API answer 404
  rename   doc-X.md becomes doc-X-moved.md: new page and API 200, old page and API 404
The API checks are mawid's only (Hugo has no API). Polls ask for gzip, as browsers do (--encoding identity
to ask for none). Files are written as editors do, alternately
"atomic" (a hidden temporary file in the same folder, then a rename over the file) and "plain"
(truncate and write in place). Each check must be false before the edit (it is checked, which also
shows the pages to Hugo's fast render mode first, as a browser would); an edit where one held is
left out of the figures.

The tool's own line is timed too: mawid's "mawid: updated in N ms", Hugo's "Total in N ms". An edit
whose checks do not all hold GRACE s after that line (or TIMEOUT s after the save) is reported as not
served. Before the next edit the tool's line must have come (or GRACE s passed).
"""
import argparse
import datetime
import gzip
import http.client
import json
import math
import os
import pty
import random
import re
import shlex
import signal
import subprocess
import sys
import threading
import time

KINDS = ["hours", "holiday", "bio", "name", "name-top", "new", "draft", "delete", "rename"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # datetime.weekday() order
# Wilayas with many doctors: their list pages are large, so name edits pick doctors elsewhere.
BIG_WILAYAS = {"Alger", "Oran", "Constantine", "Sétif", "Blida", "Annaba", "Tizi Ouzou", "Béjaïa", "Batna",
               "Tlemcen", "Boumerdès"}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
now = time.perf_counter


# ---------------------------------------------------------------- servers

class Server:
    """A server process whose output lines are kept with the time each was read."""

    def __init__(self, name, cmd, port, log_path, done_pattern, encoding):
        self.name, self.cmd, self.port, self.encoding = name, cmd, port, encoding
        self.done = re.compile(done_pattern)
        self.lines = []  # (perf_counter, text)
        self.lock = threading.Lock()
        self.log = open(log_path, "w", encoding="utf-8")
        master, slave = pty.openpty()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.started = now()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.conn = None
        self.slowest, self.failed = (0, ""), 0

    def _read(self):
        pending = b""
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            stamp = now()
            pending += chunk
            *complete, pending = re.split(rb"\r?\n", pending)
            for raw in complete:
                text = ANSI.sub("", raw.decode("utf-8", "replace")).rstrip("\r")
                with self.lock:
                    self.lines.append((stamp, text))
                self.log.write("%.3f %s\n" % (stamp - self.started, text))
                self.log.flush()

    def lines_since(self, t0):
        with self.lock:
            return [(t, s) for t, s in self.lines if t >= t0]

    def done_since(self, t0):
        """(time, N) of the first "done" line read at or after t0, or None."""
        for t, s in self.lines_since(t0):
            m = self.done.search(s)
            if m:
                return t, int(m.group(1))
        return None

    def alive(self):
        return self.proc.poll() is None

    def get(self, path):
        """(status, body) over a keep-alive connection; (0, b"") when the server does not answer."""
        start = now()
        try:
            return self._get(path)
        finally:
            took = now() - start
            if took > self.slowest[0]:
                self.slowest = (took, path)

    def _get(self, path):
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                self.conn.request("GET", path, headers={"Accept-Encoding": self.encoding})
                r = self.conn.getresponse()
                body = r.read()
                if r.getheader("Content-Encoding", "") == "gzip":
                    body = gzip.decompress(body)
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, body
            except (OSError, http.client.HTTPException):
                self.failed += 1
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        return 0, b""

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=2)
        try:
            os.close(self.master)
        except OSError:
            pass
        self.log.close()


def wait_ready(server, ready, timeout):
    deadline = now() + timeout
    while now() < deadline:
        if not server.alive():
            sys.exit("bench-watch: %s stopped before serving (its output: %s)" % (server.name, server.log.name))
        if ready(server):
            return now() - server.started
        time.sleep(0.05)
    sys.exit("bench-watch: %s did not serve within %d s (its output: %s)" % (server.name, timeout, server.log.name))


def mawid_ready(server):
    status, body = server.get("/api/health")
    return status == 200 and re.search(rb'"site"\s*:\s*"ready"', body) is not None


def hugo_ready(server):
    if not any("Web Server is available" in s for _, s in server.lines_since(0)):
        return False
    return server.get("/")[0] == 200


# ---------------------------------------------------------------- edits

def front_matter(text):
    """(front-matter lines, body) of a doctor file."""
    lines = text.split("\n")
    assert lines[0] == "---", "no front matter"
    end = lines.index("---", 1)
    return lines[1:end], "\n".join(lines[end + 1:])


def join(fm, body):
    return "---\n" + "\n".join(fm) + "\n---\n" + body


def field(fm, name):
    for line in fm:
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip().strip('"')
    return None


def open_days(fm):
    i = fm.index("hours:")
    days = []
    for line in fm[i + 1:]:
        if not line.startswith("  "):
            break
        days.append(line.strip().split(":", 1)[0])
    return days


def on_holiday(fm, day):
    value = field(fm, "holidays") or ""
    for item in re.findall(r'"([^"]+)"', value):
        a, _, b = item.partition("..")
        if a <= day.isoformat() <= (b or a):
            return True
    return False


class Check:
    """A condition on one URL's answer; `when` is the seconds from the save until it first held. A
    `steady` check holds before the edit too (the API still answers 200 after a biography change)."""

    def __init__(self, label, paths, test, steady=False):
        self.paths = [paths] if isinstance(paths, str) else list(paths)  # holds when it holds on one of them
        self.label, self.test, self.steady, self.when = label, test, steady, None

    def holds(self, server):
        return any(self.test(*server.get(path)) for path in self.paths)


def has(marker):
    data = marker.encode("utf-8")
    return lambda status, body: status == 200 and data in body


def status_is(code):
    return lambda status, body: status == code


def slots_of(body):
    try:
        return json.loads(body)["slots"]
    except (ValueError, KeyError, TypeError):
        return None


class Edit:
    def __init__(self, index, kind, mode, slug, text, args):
        self.index, self.kind, self.mode, self.slug, self.text, self.args = index, kind, mode, slug, text, args
        self.results = {}  # tool name -> dict
        fm, body = front_matter(text)
        self.name = field(fm, "name")
        self.new_slug = slug
        n = index + 1
        if kind == "hours":
            minute = 5 + 2 * index
            self.marker = "06:%02d" % minute
            i = fm.index("hours:")
            days = open_days(fm)
            fm = fm[:i + 1] + ['  %s: ["06:%02d-10:00"]' % (d, minute) for d in days] + fm[i + 1 + len(days):]
        elif kind == "holiday":
            start = datetime.date.fromisoformat(args.date_from)
            days = set(open_days(fm))
            candidates = [start + datetime.timedelta(d) for d in range(1, args.days)]
            day = next((d for d in candidates if WEEKDAYS[d.weekday()] in days and d.day != 1
                        and not on_holiday(fm, d)), None)
            if day is None:
                raise ValueError("no working day for a holiday")
            self.day = day.isoformat()
            self.marker = "%d %s %d" % (day.day, MONTHS_FR[day.month - 1], day.year)
            j = next((k for k, line in enumerate(fm) if line.startswith("holidays:")), None)
            if j is None:
                fm.append('holidays: ["%s"]' % self.day)
            else:
                fm[j] = fm[j].replace("[", '["%s", ' % self.day, 1)
        elif kind == "bio":
            self.marker = "benchbio%02d" % n
            body = body.rstrip("\n") + "\n\nCabinet rénové en 2026 (repère %s).\n" % self.marker
        elif kind in ("name", "name-top", "new"):
            if kind == "name":
                # The same name and a word: sorted right after the old one.
                self.marker = "%s Benchname%02d" % (self.name, n)
            elif kind == "name-top":
                # "Aaa" sorts before every generated name.
                self.marker = "Dr Aaa Benchtop%02d" % n
            else:
                self.marker = "Dr Benchmark New%02d" % n
            fm = ['name: "%s"' % self.marker if line.startswith("name:") else line for line in fm]
            if kind == "new":
                self.new_slug = "doc-new-%02d" % n
        elif kind == "draft":
            fm.append("draft: true")
        elif kind == "rename":
            self.new_slug = slug + "-moved"
        self.new_text = join(fm, body)

    def apply(self, content):
        folder = os.path.join(content, "doctors")
        path = os.path.join(folder, self.slug + ".md")
        target = os.path.join(folder, self.new_slug + ".md")
        if self.kind == "delete":
            os.unlink(path)
        elif self.kind == "rename":
            os.rename(path, target)
        elif self.mode == "atomic":
            temp = os.path.join(folder, ".%s.md.%d.tmp" % (self.new_slug, os.getpid()))
            with open(temp, "w", encoding="utf-8") as f:
                f.write(self.new_text)
            os.replace(temp, target)
        else:
            with open(target, "w", encoding="utf-8") as f:
                f.write(self.new_text)

    def checks(self, tool, lists):
        page = "/fr/doctors/%s/" % self.slug
        api = "/api/doctors/%s/slots?from=%s&days=%d" % (self.slug, self.args.date_from, self.args.days)
        new_page = "/fr/doctors/%s/" % self.new_slug
        new_api = "/api/doctors/%s/slots?from=%s&days=%d" % (self.new_slug, self.args.date_from, self.args.days)
        out = []
        if self.kind == "hours":
            marker = self.marker
            out.append(Check("page", page, has(marker)))
            out.append(Check("slots", api, lambda st, b: st == 200 and any(
                s.get("time") == marker for s in slots_of(b) or [])))
        elif self.kind == "holiday":
            day = self.day
            out.append(Check("page", page, has(self.marker)))
            out.append(Check("slots", api, lambda st, b: st == 200 and slots_of(b) is not None and all(
                s.get("date") != day for s in slots_of(b)) and len(slots_of(b)) > 0))
        elif self.kind in ("bio", "name", "name-top"):
            out.append(Check("page", page, has(self.marker)))
            if lists:
                out.append(Check("list", lists, has(self.marker)))
            out.append(Check("slots", api, status_is(200), steady=True))
        elif self.kind == "new":
            out.append(Check("page", new_page, has(self.marker)))
            out.append(Check("slots", new_api, status_is(200)))
        elif self.kind in ("draft", "delete"):
            out.append(Check("page", page, status_is(404)))
            out.append(Check("slots", api, status_is(404)))
        elif self.kind == "rename":
            out.append(Check("page", new_page, status_is(200)))
            out.append(Check("old page", page, status_is(404)))
            out.append(Check("slots", new_api, status_is(200)))
            out.append(Check("old slots", api, status_is(404)))
        if tool == "hugo":
            out = [c for c in out if not c.paths[0].startswith("/api/")]
        return out


def plan(args, content):
    """EDITS edits cycling through the kinds, each on another doctor (seeded)."""
    folder = os.path.join(content, "doctors")
    files = sorted(f for f in os.listdir(folder) if f.endswith(".md") and f.count(".") == 1)
    rng = random.Random(args.seed)
    order = rng.sample(files, len(files))
    edits, used = [], set()
    for i in range(args.edits):
        kind = KINDS[i % len(KINDS)]
        mode = {"delete": "unlink", "rename": "rename"}.get(kind, "atomic" if i % 2 == 0 else "plain")
        for f in order:
            if f in used:
                continue
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                text = fh.read()
            if kind.startswith("name") and field(front_matter(text)[0], "wilaya") in BIG_WILAYAS:
                continue
            try:
                edit = Edit(i, kind, mode, f[:-3], text, args)
            except ValueError:
                continue
            used.add(f)
            edits.append(edit)
            break
        else:
            sys.exit("bench-watch: not enough doctors for %d edits" % args.edits)
    return edits


# ---------------------------------------------------------------- timing

def list_pages(server, slug, top):
    """The page(s) of the doctor's wilaya list to check after a name edit: the first page (top), or the
    page that lists the doctor now and the next one (a page holds 20)."""
    status, body = server.get("/fr/doctors/%s/" % slug)
    m = re.search(rb'href="(?:https?://[^"/]+)?(/fr/wilayas/[^"/]+/)"', body)
    if not m:
        return None
    first = m.group(1).decode()
    if top:
        return [first]
    link = ('href="/fr/doctors/%s/"' % slug).encode()
    page = lambda k: first if k == 1 else "%spage/%d/" % (first, k)
    for k in range(1, 1000):
        status, body = server.get(page(k))
        if status != 200:
            return None
        if link in body:
            return [page(k), page(k + 1)]
    return None


def run_edit(server, tool, edit, content, args):
    lists = list_pages(server, edit.slug, edit.kind == "name-top") if edit.kind.startswith("name") else None
    checks = edit.checks(tool, lists)
    early = [c.label for c in checks if not c.steady and c.holds(server)]
    poll = args.poll_ms / 1000
    server.slowest, server.failed = (0, ""), 0
    t0 = now()
    edit.apply(content)
    pending = list(checks)
    deadline = t0 + args.timeout
    while pending:
        for c in list(pending):
            if c.holds(server):
                c.when = now() - t0
                pending.remove(c)
        if not pending:
            break
        t = now()
        done = server.done_since(t0)
        if t > deadline or (done and t > done[0] + args.grace) or not server.alive():
            break
        time.sleep(poll)
    served = None if pending else max(c.when for c in checks)
    # Let the tool finish (its line) before the next edit.
    wait_until = t0 + args.timeout
    while server.done_since(t0) is None and now() < wait_until and server.alive():
        time.sleep(0.01)
    done = server.done_since(t0)
    other = [s for t, s in server.lines_since(t0) if not server.done.search(s) and s.strip()]
    time.sleep(args.settle)
    return {
        "served": served,
        "checks": {c.label: c.when for c in checks},
        "line": None if done is None else (done[0] - t0, done[1]),
        "early": early,
        "other": other,
        "lists": lists,
        "slowest": server.slowest,
        "failed": server.failed,
    }


def ms(seconds):
    return "-" if seconds is None else "%d" % round(seconds * 1000)


def stats(values):
    v = sorted(values)
    if not v:
        return None
    n = len(v)
    median = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    p95 = v[max(0, math.ceil(0.95 * n) - 1)]
    return median, p95, v[-1]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--days", type=int, default=14)
    p.add_argument("--edits", type=int, default=27)
    p.add_argument("--seed", type=int, default=20261207)
    p.add_argument("--poll-ms", type=float, default=3)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--grace", type=float, default=3)
    p.add_argument("--settle", type=float, default=0.3)
    p.add_argument("--start-timeout", type=float, default=900)
    p.add_argument("--logs", required=True)
    p.add_argument("--encoding", default="gzip", help="Accept-Encoding of the polls (default gzip, as browsers)")
    p.add_argument("--label", default="")
    for tool in ("mawid", "hugo"):
        p.add_argument("--%s-content" % tool)
        p.add_argument("--%s-port" % tool, type=int)
        p.add_argument("--%s-cmd" % tool)
    args = p.parse_args()
    if not (args.mawid_cmd or args.hugo_cmd):
        p.error("give --mawid-cmd or --hugo-cmd (or both), each with its --*-content and --*-port")
    if args.edits < 1 or not 2 <= args.days <= 31:
        p.error("--edits must be positive, --days 2 to 31")

    tools = []
    if args.mawid_cmd:
        tools.append(("mawid", args.mawid_content, args.mawid_port, args.mawid_cmd, r"^mawid: updated in (\d+) ms", mawid_ready))
    if args.hugo_cmd:
        tools.append(("hugo", args.hugo_content, args.hugo_port, args.hugo_cmd, r"^Total in (\d+) ms", hugo_ready))

    edits = plan(args, tools[0][1])
    servers = {}
    try:
        for name, content, port, cmd, done, ready in tools:
            print("starting %s: %s" % (name, cmd), flush=True)
            server = Server(name, shlex.split(cmd), port, os.path.join(args.logs, name + "-serve.log"), done,
                            args.encoding)
            servers[name] = server
            took = wait_ready(server, ready, args.start_timeout)
            rss = rss_mb(server.proc.pid)
            built = next((s for _, s in server.lines_since(0) if re.search(r"^(Built in \d+ ms|mawid: built )", s)), "")
            print("  %s serving after %.1f s%s%s" % (name, took, ", RSS %s MB" % rss if rss else "",
                                                    " (%s)" % built if built else ""), flush=True)

        print("\n%d edits, each timed from the save until every check holds (ms; polled every %g ms)"
              % (len(edits), args.poll_ms), flush=True)
        names = [n for n, *_ in tools]
        header = "%3s  %-8s %-7s %-12s" % ("#", "kind", "write", "doctor")
        for name in names:
            header += " | %-8s %6s %6s %6s %6s" % (name, "page", "slots" if name == "mawid" else "", "other", "line")
        print(header, flush=True)
        for edit in edits:
            order = names if edit.index % 2 == 0 else names[::-1]
            for name in order:
                content = next(c for n, c, *_ in tools if n == name)
                edit.results[name] = run_edit(servers[name], name, edit, content, args)
            row = "%3d  %-8s %-7s %-12s" % (edit.index + 1, edit.kind, edit.mode, edit.slug)
            for name in names:
                r = edit.results[name]
                c = r["checks"]
                rest = [v for k, v in c.items() if k not in ("page", "slots")]
                other = "" if not rest else ("no" if None in rest else ms(max(rest)))
                row += " | %-8s %6s %6s %6s %6s" % (
                    "INVALID" if r["early"] else ms(r["served"]) if r["served"] is not None else "NOT SEEN", ms(c.get("page")),
                    ms(c["slots"]) if "slots" in c else "", other, ms(r["line"][0]) if r["line"] else "none")
            print(row, flush=True)
            for name in order:
                r = edit.results[name]
                if r["early"]:
                    print("     %s: checks already true before the save (left out of the figures): %s" % (name, ", ".join(r["early"])), flush=True)
                if r["served"] is None:
                    missing = [k for k, v in r["checks"].items() if v is None]
                    print("     %s: not served: %s did not change%s" % (
                        name, ", ".join(missing),
                        " (its line came %s ms after the save)" % ms(r["line"][0]) if r["line"] else ""), flush=True)
                if name == "mawid" and r["other"]:
                    for line in r["other"][:4]:
                        print("     mawid said: %s" % line[:160], flush=True)
                if edit.kind.startswith("name") and not r["lists"]:
                    print("     %s: the doctor was not found in their wilaya's list: list not checked" % name, flush=True)
                if r["slowest"][0] > 0.5 or r["failed"]:
                    print("     %s: slowest answer %s ms (%s)%s" % (
                        name, ms(r["slowest"][0]), r["slowest"][1],
                        ", %d requests failed" % r["failed"] if r["failed"] else ""), flush=True)

        print()
        summary(edits, servers, args)
        for name, server in servers.items():
            if not server.alive():
                print("warning: %s stopped during the run (see %s)" % (name, server.log.name))
            else:
                rss = rss_mb(server.proc.pid)
                if rss:
                    print("%s RSS at the end: %s MB" % (name, rss))
    finally:
        for server in servers.values():
            server.stop()


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def fmt(s):
    if s is None:
        return "no data"
    return "median %s ms, p95 %s ms, max %s ms" % (ms(s[0]), ms(s[1]), ms(s[2]))


def summary(edits, servers, args):
    print("%s: save -> served, ms (p95: nearest rank)" % (args.label or "watch"))
    what = {"mawid": ("mawid serve --watch, page + slots API", '"mawid: updated in" line'),
            "hugo": ("hugo server, page", '"Total in" line')}
    for name in servers:
        results = [e.results[name] for e in edits]
        served = [r["served"] for r in results if r["served"] is not None and not r["early"]]
        missing = [e.kind for e in edits if e.results[name]["served"] is None]
        invalid = [e.kind for e in edits if e.results[name]["early"]]
        st = stats(served)
        note = ""
        if missing:
            note = "; NOT served: %d (%s)" % (len(missing), ", ".join(sorted(set(missing))))
        if invalid:
            note += "; left out, a check held before the save: %d (%s)" % (len(invalid), ", ".join(sorted(set(invalid))))
        if name == "mawid" and st:
            note += "  [targets: median < 100 ms %s, p95 < 250 ms %s]" % (
                "met" if st[0] < 0.1 else "MISSED", "met" if st[1] < 0.25 else "MISSED")
        print("  %-40s %s over %d edits%s" % (what[name][0] + ":", fmt(st), len(served), note))
        lines = [r["line"][0] for r in results if r["line"]]
        own = [r["line"][1] / 1000 for r in results if r["line"]]
        print("  %-40s %s after the save, %d of %d edits; its own figure: %s" % (
            what[name][1] + ":", fmt(stats(lines)), len(lines), len(results), fmt(stats(own))))
        kinds = {}
        for e in edits:
            if e.results[name]["served"] is not None and not e.results[name]["early"]:
                kinds.setdefault(e.kind, []).append(e.results[name]["served"])
        print("  %-40s %s" % ("%s by kind (median):" % name,
                              ", ".join("%s %s" % (k, ms(stats(v)[0])) for k, v in kinds.items())))


if __name__ == "__main__":
    main()
