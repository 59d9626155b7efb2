#!/usr/bin/env python3
"""Writes synthetic content for the booking benchmark: every doctor has the same, known hours.

usage: bench/serve/gen_content.py N OUTDIR [--slot MIN] [--open HH:MM] [--close HH:MM] [--days LIST]

Reuses bench/gen_content.py (site.yml, specialties, N doctors doc-00001 ... with names, cities
and biographies), then rewrites each doctor's `slot`, `hours` and `holidays` so that every
doctor sees patients on the same days (default sat,sun,mon,tue,wed,thu, Friday off) from --open
to --close (default 08:00-18:00) every --slot minutes (default 15), with no holidays. That way
bench/serve/book.lua can compute every bookable slot without asking the server.
"""
import argparse
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_base_generator():
    path = os.path.join(os.path.dirname(HERE), "gen_content.py")
    spec = importlib.util.spec_from_file_location("mawid_bench_gen_content", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--slot", type=int, default=15)
    parser.add_argument("--open", default="08:00")
    parser.add_argument("--close", default="18:00")
    parser.add_argument("--days", default="sat,sun,mon,tue,wed,thu")
    args = parser.parse_args()
    days = args.days.split(",")
    for t in (args.open, args.close):
        if not re.fullmatch(r"[0-2]\d:[0-5]\d", t):
            sys.exit("bad time %r (HH:MM)" % t)

    base = load_base_generator()
    saved = sys.argv
    sys.argv = [saved[0], str(args.count), args.out]
    try:
        base.main()
    finally:
        sys.argv = saved

    hours = ["hours:"] + ['  %s: ["%s-%s"]' % (d, args.open, args.close) for d in days]
    doctors = os.path.join(args.out, "doctors")
    for name in sorted(os.listdir(doctors)):
        path = os.path.join(doctors, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        _, front, body = text.split("---\n", 2)
        lines, out, skipping = front.splitlines(), [], False
        for line in lines:
            if skipping and line.startswith("  "):
                continue
            skipping = False
            if line.startswith("hours:"):
                skipping = True
                continue
            if line.startswith("slot:") or line.startswith("holidays:"):
                continue
            out.append(line)
        out += ["slot: %d" % args.slot] + hours
        with open(path, "w", encoding="utf-8") as f:
            f.write("---\n" + "\n".join(out) + "\n---\n" + body)


if __name__ == "__main__":
    main()
