"""Schemathesis hooks for scripts/fuzz-api.

Bookable cases: an example's date ages, and a generated booking almost never names a published doctor, a free
slot and a valid phone number. So half of the positive booking cases are made bookable: a published doctor of
the example content (the case's own when it is one), one of that doctor's free slots asked of the running
server (`GET /doctors/{slug}/slots`, as the document's `book` link does), the example's name and phone number;
the other fields stay as generated. They reach the booking logic (201, or 409 when another case took the slot
first) and, through the links of a 201, the patient's page and actions. The other half stay as generated.

The honeypot: a request whose `website` field is filled (people never see it, bots fill everything) is
answered as if it were accepted (201, 303, or a 200 page) and nothing is stored, whatever the other fields
hold. A negative case with `website` filled is therefore accepted on purpose: its "schema-violating request
accepted" failure is dropped. Every other check still applies to it.
"""
import json
import os
import random
from urllib.parse import parse_qsl

import requests

import schemathesis
from schemathesis.core.failures import AcceptedNegativeData

API = os.environ.get("FUZZ_API_URL", "http://127.0.0.1:8080/api")
DOCTORS = os.environ.get("FUZZ_DOCTORS", "amina-benali karim-haddad").split()


# "My appointments" forms carry this browser's token twice (a cookie and the form's `csrf`): a browser's own
# form always does, so every case does too; without it a form post is refused (403), as from another site.
FORM_TOKEN = "fuzz-form-token"


@schemathesis.hook
def before_call(context, case, kwargs):
    # Every case, the explicit examples too (`map_case` does not see those).
    if case.operation.label in ("POST /my", "POST /my/code"):
        case.cookies = {**(case.cookies or {}), "mawid_my_form": FORM_TOKEN}
        if isinstance(case.body, dict):
            case.body = {**case.body, "csrf": FORM_TOKEN}


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if (case.operation.label != "POST /bookings" or not isinstance(case.body, dict) or meta is None
            or not meta.generation.mode.is_positive):
        return case
    pick = random.Random(repr(sorted(case.body.items(), key=str)))  # the same case, the same choice
    if pick.random() < 0.5:
        return case
    doctor = case.body.get("doctor")
    if doctor not in DOCTORS:
        doctor = pick.choice(DOCTORS)
    answer = requests.get(f"{API}/doctors/{doctor}/slots", params={"days": 14}, timeout=10)
    slots = answer.json().get("slots", []) if answer.status_code == 200 else []
    if slots:
        slot = pick.choice(slots[:20])
        case.body = {**case.body, "doctor": doctor, "date": slot["date"], "time": slot["time"], "name": "Yasmine Kaci",
                     "phone": "0550 12 34 56"}
    return case


def is_space(c):
    """As the server's FormText.isSpace: ASCII space and \\t…\\r, and Unicode white space beyond ASCII."""
    return c in " \t\n\v\f\r" or (ord(c) >= 0x80 and c.isspace())


def website(request):
    """The `website` field as the server reads it from the request sent (None when absent or null)."""
    body = request.body or b""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    kind = request.headers.get("Content-Type", "").lower()
    if kind.startswith("application/x-www-form-urlencoded"):
        fields = dict(parse_qsl(text, keep_blank_values=True))  # later duplicates win, as on the server
        return fields.get("website")
    if kind.startswith("application/json"):
        try:
            value = json.loads(text)
        except ValueError:
            return None
        member = value.get("website") if isinstance(value, dict) else None
        return None if member is None else ("1" if member is True else "0" if member is False else str(member))
    return None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    value = website(response.request)
    filled = value is not None and any(not is_space(c) for c in value)
    return not (isinstance(failure, AcceptedNegativeData) and filled)
