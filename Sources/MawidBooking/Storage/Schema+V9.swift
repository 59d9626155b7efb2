import GRDB

extension Schema {
    /// The office's search (`BookingStore.search`): `bookingSearch`, an FTS5 trigram index of each booking's
    /// `SearchText.key` (names folded, phone digits) by booking id, so a part of a name or number is found
    /// without reading every booking (`LIKE '%…%'` over 250,000 bookings took 45–60 ms; the index 1–20 ms).
    ///
    /// A booking's own transaction writes nothing to it: a trigger per booking cost a third of the endpoint's
    /// throughput (FTS5 writes a segment per small transaction), and the key in a column of `booking` still 15 %.
    /// `SearchIndexer` adds new bookings in batches a second later; the search reads the bookings after
    /// `BookingCursor.searchIndex` directly. A booking deleted leaves the index with it (trigger).
    static func v9(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE bookingSearch USING fts5(searchKey, tokenize='trigram');
            CREATE TRIGGER bookingSearch_delete AFTER DELETE ON booking BEGIN
                DELETE FROM bookingSearch WHERE rowid = old.id;
            END;
            """)
        let rows = try Row.fetchAll(db, sql: "SELECT id, patientName, relativeName, phone FROM booking ORDER BY id")
        let insert = try db.makeStatement(sql: "INSERT INTO bookingSearch (rowid, searchKey) VALUES (?, ?)")
        for row in rows {
            let key = SearchText.key(patientName: row["patientName"], relativeName: row["relativeName"], phone: row["phone"])
            try insert.execute(arguments: [row["id"] as Int64, key])
        }
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)",
                       arguments: [BookingCursor.searchIndex.key, String(rows.last.map { $0["id"] as Int64 } ?? 0)])
    }
}
