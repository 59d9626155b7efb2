import GRDB

extension Schema {
    /// The practice's figures (`BookingStore.figures`) from a summary instead of every booking: a year of the
    /// network (262,000 bookings) took 0.6 s to count from `booking`, mostly reading its wide rows and working
    /// out each one's weekday, hour and lead time.
    ///
    /// - `figuresDay`: per doctor and visit date, the bookings by status, those cancelled by the patient, those
    ///   taken by phone;
    /// - `figuresHour`: per doctor, date and hour of the visit; `figuresLead`: per doctor, date and whole days
    ///   from the request to the visit (`FiguresTerms`). Keyed by doctor, then hour or lead, then date: the
    ///   figures add them up by doctor and hour (or lead) in key order, where (doctor, date, lead) made SQLite
    ///   sort the year's 200,000 lead rows of the network (65–95 ms, against 25 ms).
    ///
    /// A booking's own transaction writes nothing here, as for the search index (`v9`): a trigger writing the
    /// three tables on each insert cost ~22 µs of SQLite CPU a booking and 12 % of the endpoint's throughput
    /// side by side (docs/SPEED.md). `FiguresCounter` adds the new bookings in batches
    /// (`BookingStore.countFigures`), from the first one on (so nothing to fill here: a database from before
    /// is counted by the server in its first minute), and the figures count the bookings after
    /// `BookingCursor.figures` directly. Once counted, a booking's later changes are kept by triggers in the
    /// transactions that make them: a status, a move, the patient's or the office's cancellation (its audit
    /// row names who), a deletion. The audit row's trigger runs for `cancelled` rows only.
    static func v15(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE figuresDay (
                doctor TEXT NOT NULL,
                date TEXT NOT NULL,
                requests INTEGER NOT NULL,
                \(FiguresTerms.statusColumns.map { "\($0.column) INTEGER NOT NULL" }.joined(separator: ",\n")),
                cancelledByPatient INTEGER NOT NULL,
                phone INTEGER NOT NULL,
                PRIMARY KEY (doctor, date)
            ) WITHOUT ROWID;
            CREATE TABLE figuresHour (
                doctor TEXT NOT NULL, date TEXT NOT NULL, hour INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (doctor, hour, date)
            ) WITHOUT ROWID;
            CREATE TABLE figuresLead (
                doctor TEXT NOT NULL, date TEXT NOT NULL, lead INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (doctor, lead, date)
            ) WITHOUT ROWID;
            """)
        let counted = "(SELECT CAST(value AS INTEGER) FROM setting WHERE key = '\(BookingCursor.figures.key)')"
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, '0')", arguments: [BookingCursor.figures.key])
        let changed = { (columns: [String]) in
            "(" + columns.map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ") + ")"
        }
        let dayColumns = ["doctor", "date", "status", "source"]
        let slotColumns = ["doctor", "date", "time", "createdAt"]
        try db.execute(sql: """
            CREATE TRIGGER figuresDay_update AFTER UPDATE OF \(dayColumns.joined(separator: ", ")) ON booking
            WHEN old.id <= \(counted) AND \(changed(dayColumns)) BEGIN
                \(FiguresTerms.removeDay("old"));
                \(FiguresTerms.addDays("VALUES (\(FiguresTerms.dayValues("new")))"));
            END;
            CREATE TRIGGER figuresSlot_update AFTER UPDATE OF \(slotColumns.joined(separator: ", ")) ON booking
            WHEN old.id <= \(counted) AND \(changed(slotColumns)) BEGIN
                \(FiguresTerms.removeSlot("old"));
                \(FiguresTerms.addHours("VALUES (new.doctor, new.date, \(FiguresTerms.hour("new")), 1)"));
                \(FiguresTerms.addLeads("VALUES (new.doctor, new.date, \(FiguresTerms.lead("new")), 1)"));
            END;
            -- Before: the booking's audit rows (who cancelled) go with it.
            CREATE TRIGGER figures_delete BEFORE DELETE ON booking WHEN old.id <= \(counted) BEGIN
                \(FiguresTerms.removeDay("old"));
                \(FiguresTerms.removeSlot("old"));
            END;
            -- Who cancelled is the actor of the last move to `cancelled`, written after or before the status.
            CREATE TRIGGER figures_cancelledBy AFTER INSERT ON auditEvent
            WHEN new.toStatus = 'cancelled' AND new.bookingId <= \(counted) BEGIN
                UPDATE figuresDay SET cancelledByPatient = cancelledByPatient + (new.actor = '\(AuditEvent.patientActor)')
                    - coalesce((SELECT actor = '\(AuditEvent.patientActor)' FROM auditEvent WHERE bookingId = new.bookingId
                                AND toStatus = 'cancelled' AND id < new.id ORDER BY id DESC LIMIT 1), 0)
                WHERE (doctor, date) = (SELECT doctor, date FROM booking WHERE id = new.bookingId AND status = 'cancelled');
            END;
            """)
    }

    /// What a booking counts as in the figures' summary of `v15`, as SQL over a booking row named `r` (`booking`,
    /// `old`, `new`): the triggers are made from these, and the counter and the figures' direct count use them,
    /// so all agree. Frozen with v15: another definition needs a migration that makes the triggers again.
    enum FiguresTerms {
        /// `booking.status` values and their column in `figuresDay`.
        static let statusColumns: [(status: String, column: String)] = [
            ("pending", "pending"), ("confirmed", "confirmed"), ("proposed", "proposed"), ("declined", "declined"),
            ("cancelled", "cancelled"), ("done", "done"), ("noshow", "noShow"),
        ]

        /// The visit's hour (`9` for 09:00–09:59).
        static func hour(_ r: String) -> String { "CAST(substr(\(r).time, 1, 2) AS INTEGER)" }

        /// Whole days from the request (`createdAt`, UTC) to the visit (local date and time); 0 when made after it.
        static func lead(_ r: String) -> String {
            "coalesce(max(0, CAST(julianday(\(r).date || ' ' || \(r).time) - julianday(substr(\(r).createdAt, 1, 19)) AS INTEGER)), 0)"
        }

        /// 1 for a cancelled booking whose last move to `cancelled` the patient made, else 0.
        static func cancelledByPatient(_ r: String) -> String {
            """
            (\(r).status = 'cancelled' AND coalesce((SELECT actor = '\(AuditEvent.patientActor)' FROM auditEvent \
            WHERE bookingId = \(r).id AND toStatus = 'cancelled' ORDER BY id DESC LIMIT 1), 0))
            """
        }

        static let dayColumns = "doctor, date, requests, " + statusColumns.map(\.column).joined(separator: ", ")
            + ", cancelledByPatient, phone"

        /// One booking's `figuresDay` values, in `dayColumns`' order.
        static func dayValues(_ r: String) -> String {
            "\(r).doctor, \(r).date, 1, " + statusColumns.map { "\(r).status = '\($0.status)'" }.joined(separator: ", ")
                + ", \(cancelledByPatient(r)), \(r).source = 'phone'"
        }

        /// The same summed over the bookings of a `FROM booking … GROUP BY doctor, date`.
        static let daySums = "doctor, date, count(*), " + statusColumns.map { "sum(status = '\($0.status)')" }.joined(separator: ", ")
            + ", sum(\(cancelledByPatient("booking"))), sum(source = 'phone')"

        /// Adds rows (`VALUES …` or a `SELECT` in `dayColumns`' order, its `WHERE` given) to `figuresDay`.
        /// `named`: the sums' terms named by table (`figuresDay.n`), which PostgreSQL needs beside `excluded`;
        /// the v15 triggers keep the bare names they were made with.
        static func addDays(_ rows: String, named: Bool = false) -> String {
            let table = named ? "figuresDay." : ""
            let sums = (["requests"] + statusColumns.map(\.column) + ["cancelledByPatient", "phone"])
                .map { "\($0) = \(table)\($0) + excluded.\($0)" }.joined(separator: ", ")
            return "INSERT INTO figuresDay (\(dayColumns)) \(rows) ON CONFLICT (doctor, date) DO UPDATE SET \(sums)"
        }

        static func addHours(_ rows: String, named: Bool = false) -> String {
            "INSERT INTO figuresHour (doctor, date, hour, n) \(rows) ON CONFLICT (doctor, hour, date) DO UPDATE SET n = \(named ? "figuresHour." : "")n + excluded.n"
        }

        static func addLeads(_ rows: String, named: Bool = false) -> String {
            "INSERT INTO figuresLead (doctor, date, lead, n) \(rows) ON CONFLICT (doctor, lead, date) DO UPDATE SET n = \(named ? "figuresLead." : "")n + excluded.n"
        }

        /// Takes booking `r` out of `figuresDay`.
        static func removeDay(_ r: String) -> String {
            let minus = statusColumns.map { "\($0.column) = \($0.column) - (\(r).status = '\($0.status)')" }.joined(separator: ", ")
            return """
                UPDATE figuresDay SET requests = requests - 1, \(minus), cancelledByPatient = cancelledByPatient - \
                \(cancelledByPatient(r)), phone = phone - (\(r).source = 'phone') WHERE doctor = \(r).doctor AND date = \(r).date
                """
        }

        /// Takes booking `r` out of `figuresHour` and `figuresLead`.
        static func removeSlot(_ r: String) -> String {
            """
            UPDATE figuresHour SET n = n - 1 WHERE doctor = \(r).doctor AND date = \(r).date AND hour = \(hour(r));
            UPDATE figuresLead SET n = n - 1 WHERE doctor = \(r).doctor AND date = \(r).date AND lead = \(lead(r))
            """
        }
    }
}
