import GRDB

extension Schema {
    /// One index on `booking` instead of five: each index with random keys costs every new booking one more
    /// page written to the log and then to the file. A booking's reference and its patient link are now
    /// derived from its id (`ReferenceCipher`, `PatientToken`), so the unique indexes on `reference` and
    /// `tokenHash` go; the slot index now holds every booking, not only slot-holding ones
    /// (`createSlotKeyIndex`), so it also serves the doctor-and-date queries `booking_doctor_date` was for;
    /// and a patient's earlier visits are found through it too (`previousVisits`), so `booking_doctor_phone`
    /// goes.
    ///
    /// SQLite cannot drop a column's UNIQUE: the table is made again (foreign keys are off during migrations,
    /// and the tables referring to `booking` refer to the new one once it is renamed). The keys of bookings
    /// made before stay valid through `legacyBookingKey`.
    static func v7(_ db: Database) throws {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'booking'")
        try db.execute(sql: """
            CREATE TABLE booking_v7 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                reference TEXT NOT NULL,       -- ReferenceCipher(id), or a random one before v7
                tokenHash TEXT NOT NULL,       -- SHA-256 of the PatientToken's secret
                doctor TEXT NOT NULL,
                date TEXT NOT NULL,            -- YYYY-MM-DD, site time zone
                time TEXT NOT NULL,            -- HH:MM
                status TEXT NOT NULL,
                patientName TEXT NOT NULL,
                phone TEXT NOT NULL,           -- E.164
                email TEXT,
                forWhom TEXT NOT NULL,         -- self | relative
                relativeName TEXT,
                relativeBirthdate TEXT,
                reason TEXT,
                language TEXT NOT NULL,
                createdAt TEXT NOT NULL,       -- ISO-8601 UTC
                updatedAt TEXT NOT NULL,
                note TEXT,
                previousDate TEXT,
                previousTime TEXT,
                source TEXT NOT NULL DEFAULT 'web',
                attendance TEXT
            )
            """)
        let columns = """
            id, reference, tokenHash, doctor, date, time, status, patientName, phone, email, forWhom, relativeName,
            relativeBirthdate, reason, language, createdAt, updatedAt, note, previousDate, previousTime, source, attendance
            """
        try db.execute(sql: "INSERT INTO booking_v7 (\(columns)) SELECT \(columns) FROM booking")
        try db.execute(sql: "DROP TABLE booking")
        try db.execute(sql: "ALTER TABLE booking_v7 RENAME TO booking")
        // Ids are never given twice, even those of bookings no longer there.
        if let sequence {
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'booking'")
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('booking', ?)", arguments: [sequence])
        }
        // Frozen list: v7 shipped with pending + confirmed + proposed holding a slot.
        try createSlotKeyIndex(db, statuses: ["pending", "confirmed", "proposed"])

        // References and links given out before v7 were random: found through this table.
        try db.execute(sql: """
            CREATE TABLE legacyBookingKey (
                key TEXT PRIMARY KEY NOT NULL,  -- 'reference:' || reference, or 'token:' || tokenHash
                bookingId INTEGER NOT NULL REFERENCES booking(id) ON DELETE CASCADE
            ) WITHOUT ROWID
            """)
        try db.execute(sql: "CREATE INDEX legacyBookingKey_on_bookingId ON legacyBookingKey(bookingId)")
        try db.execute(sql: """
            INSERT INTO legacyBookingKey (key, bookingId)
            SELECT 'reference:' || reference, id FROM booking UNION ALL SELECT 'token:' || tokenHash, id FROM booking
            """)
    }

    /// The double-booking guard from v7 on, and the index of a doctor's bookings by date: one entry per
    /// booking, unique on (doctor, date, time, key), where the key is 0 for a slot-holding booking and its
    /// id for any other. Two holders of one slot collide; cancelled or declined ones never do.
    /// A later migration changing which statuses hold a slot drops the index and calls this again.
    static func createSlotKeyIndex(_ db: Database, statuses: [String]) throws {
        try db.execute(sql: """
            CREATE UNIQUE INDEX \(slotIndex) ON booking(doctor, date, time, (CASE WHEN \(slotCondition(statuses)) THEN 0 ELSE id END))
            """)
    }

    static let legacyReferencePrefix = "reference:"
    static let legacyTokenPrefix = "token:"
}
