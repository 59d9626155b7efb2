import GRDB

extension Schema {
    /// The setting holding the last booking id in `bookingSearch` (`SearchIndexer`).
    static let searchIndexedUpToKey = "searchIndexedUpTo"

    /// The office's search (`BookingStore.search`): `booking.searchKey` (`SearchText.key`: names folded, phone
    /// digits) and `bookingSearch`, an FTS5 trigram index over it, so a part of a name or number is found
    /// without reading every booking (`LIKE '%…%'` on 250,000 bookings took 45–60 ms; through the index 1–20 ms).
    ///
    /// New bookings are not indexed by a trigger: that cost every booking a third of the endpoint's throughput
    /// (FTS5 writes a segment per small transaction). `SearchIndexer` adds them in batches a second later, and
    /// the search reads the bookings after `searchIndexedUpTo` directly. Deleting or re-keying an indexed
    /// booking updates the index at once (triggers).
    static func v9(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE booking ADD COLUMN searchKey TEXT")
        let rows = try Row.fetchAll(db, sql: "SELECT id, patientName, relativeName, phone FROM booking")
        let update = try db.makeStatement(sql: "UPDATE booking SET searchKey = ? WHERE id = ?")
        for row in rows {
            let key = SearchText.key(patientName: row["patientName"], relativeName: row["relativeName"], phone: row["phone"])
            try update.execute(arguments: [key, row["id"] as Int64])
        }
        let indexed = "old.id <= (SELECT CAST(value AS INTEGER) FROM setting WHERE key = '\(searchIndexedUpToKey)')"
        try db.execute(sql: """
            CREATE VIRTUAL TABLE bookingSearch USING fts5(searchKey, content='booking', content_rowid='id', tokenize='trigram');
            INSERT INTO bookingSearch(bookingSearch) VALUES ('rebuild');
            INSERT INTO setting (key, value) SELECT '\(searchIndexedUpToKey)', CAST(coalesce(max(id), 0) AS TEXT) FROM booking;
            CREATE TRIGGER bookingSearch_delete AFTER DELETE ON booking WHEN \(indexed) BEGIN
                INSERT INTO bookingSearch(bookingSearch, rowid, searchKey) VALUES ('delete', old.id, old.searchKey);
            END;
            CREATE TRIGGER bookingSearch_update AFTER UPDATE OF searchKey ON booking WHEN \(indexed) BEGIN
                INSERT INTO bookingSearch(bookingSearch, rowid, searchKey) VALUES ('delete', old.id, old.searchKey);
                INSERT INTO bookingSearch(rowid, searchKey) VALUES (new.id, new.searchKey);
            END;
            """)
    }
}
