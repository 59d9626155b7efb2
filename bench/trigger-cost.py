"""What the figures' summary would cost each booking if a trigger wrote it on insert (docs/SPEED.md, 2026-12-07):
SQLite CPU per booking insert (booking row + audit row, 20 per transaction as the group commit does) on a copy of
a bench-review database (`mawid-bench /tmp/b.sqlite 50 20` keeps it), without v11's audit trigger, with it (as
shipped), and with a trigger writing the three summary tables on each insert.

usage: python3 bench/trigger-cost.py DB [ROUNDS]      (DB is copied, never changed)"""
import resource, shutil, sqlite3, statistics, sys, os
src, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
INSERT_TRIGGER = """CREATE TRIGGER figures_insert AFTER INSERT ON booking BEGIN
INSERT INTO figuresDay (doctor, date, requests, pending, confirmed, proposed, declined, cancelled, done, noShow, cancelledByPatient, phone)
 VALUES (new.doctor, new.date, 1, new.status = 'pending', new.status = 'confirmed', new.status = 'proposed', new.status = 'declined',
 new.status = 'cancelled', new.status = 'done', new.status = 'noshow', (new.status = 'cancelled' AND coalesce((SELECT actor = 'patient'
 FROM auditEvent WHERE bookingId = new.id AND toStatus = 'cancelled' ORDER BY id DESC LIMIT 1), 0)), new.source = 'phone')
 ON CONFLICT (doctor, date) DO UPDATE SET requests = requests + excluded.requests, pending = pending + excluded.pending,
 confirmed = confirmed + excluded.confirmed, proposed = proposed + excluded.proposed, declined = declined + excluded.declined,
 cancelled = cancelled + excluded.cancelled, done = done + excluded.done, noShow = noShow + excluded.noShow,
 cancelledByPatient = cancelledByPatient + excluded.cancelledByPatient, phone = phone + excluded.phone;
INSERT INTO figuresHour (doctor, date, hour, n) VALUES (new.doctor, new.date, CAST(substr(new.time, 1, 2) AS INTEGER), 1)
 ON CONFLICT (doctor, hour, date) DO UPDATE SET n = n + excluded.n;
INSERT INTO figuresLead (doctor, date, lead, n) VALUES (new.doctor, new.date, coalesce(max(0, CAST(julianday(new.date || ' ' || new.time)
 - julianday(substr(new.createdAt, 1, 19)) AS INTEGER)), 0), 1) ON CONFLICT (doctor, lead, date) DO UPDATE SET n = n + excluded.n;
END;"""
variants = {"no trigger": "DROP TRIGGER figures_cancelledBy;", "v11 (audit trigger)": "", "summary on insert": INSERT_TRIGGER}
rows = [(10_000_000 + i, 'R%d' % i, 'T%d' % i, 'doc-%02d' % (1 + i % 50), '2027-%02d-%02d' % (2 + (i % 90) // 28, 1 + (i % 90) % 28),
         '%02d:%02d' % (8 + (i // 50) % 10, ((i // 500) % 4) * 15)) for i in range(1, 20001)]
results = {name: [] for name in variants}
for _ in range(rounds):
    for name, pre in variants.items():
        for suffix in ["", "-wal", "-shm"]:
            if os.path.exists("/tmp/micro-v.sqlite" + suffix): os.remove("/tmp/micro-v.sqlite" + suffix)
        shutil.copy(src, "/tmp/micro-v.sqlite")
        db = sqlite3.connect("/tmp/micro-v.sqlite", isolation_level=None)
        db.execute("PRAGMA synchronous = OFF")
        if pre: db.executescript(pre)
        t0 = resource.getrusage(resource.RUSAGE_SELF)
        for k in range(0, len(rows), 20):
            db.execute("BEGIN")
            for (id, ref, tok, doc, date, tm) in rows[k:k + 20]:
                db.execute("""INSERT INTO booking (id, reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom,
                              language, createdAt, updatedAt, source) VALUES (?, ?, ?, ?, ?, ?, 'pending', 'Karim', '+213550000000',
                              'self', 'fr', '2026-12-07T10:00:00Z', '2026-12-07T10:00:00Z', 'web') ON CONFLICT DO NOTHING""",
                           (id, ref, tok, doc, date, tm))
                db.execute("""INSERT INTO auditEvent (bookingId, actor, action, fromStatus, toStatus, at)
                              VALUES (?, 'patient', 'create', NULL, 'pending', '2026-12-07T10:00:00Z')""", (id,))
            db.execute("COMMIT")
        t1 = resource.getrusage(resource.RUSAGE_SELF)
        results[name].append(((t1.ru_utime - t0.ru_utime) + (t1.ru_stime - t0.ru_stime)) / len(rows) * 1e6)
        db.close()
for name, values in results.items():
    print(f"{name:22s} median {statistics.median(values):5.1f} us CPU per booking  ({', '.join(f'{v:.1f}' for v in values)})")
