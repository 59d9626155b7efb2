import GRDB

extension Schema {
    /// The office's search (`BookingStore.search`): `booking.searchKey` (`SearchText.key`: names folded, phone
    /// digits) and `bookingSearch`, an FTS5 trigram index over it, so a part of a name or number is found
    /// without reading every booking (`LIKE '%…%'` on 250,000 bookings took 45–60 ms; through the index 3–35 ms).
    /// Triggers keep the index in step with the table; existing bookings get their key here.
    static func v9(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE booking ADD COLUMN searchKey TEXT")
        let rows = try Row.fetchAll(db, sql: "SELECT id, patientName, relativeName, phone FROM booking")
        let update = try db.makeStatement(sql: "UPDATE booking SET searchKey = ? WHERE id = ?")
        for row in rows {
            let key = SearchText.key(patientName: row["patientName"], relativeName: row["relativeName"], phone: row["phone"])
            try update.execute(arguments: [key, row["id"] as Int64])
        }
        try db.execute(sql: """
            CREATE VIRTUAL TABLE bookingSearch USING fts5(searchKey, content='booking', content_rowid='id', tokenize='trigram');
            INSERT INTO bookingSearch(bookingSearch) VALUES ('rebuild');
            CREATE TRIGGER bookingSearch_insert AFTER INSERT ON booking BEGIN
                INSERT INTO bookingSearch(rowid, searchKey) VALUES (new.id, new.searchKey);
            END;
            CREATE TRIGGER bookingSearch_delete AFTER DELETE ON booking BEGIN
                INSERT INTO bookingSearch(bookingSearch, rowid, searchKey) VALUES ('delete', old.id, old.searchKey);
            END;
            CREATE TRIGGER bookingSearch_update AFTER UPDATE OF searchKey ON booking BEGIN
                INSERT INTO bookingSearch(bookingSearch, rowid, searchKey) VALUES ('delete', old.id, old.searchKey);
                INSERT INTO bookingSearch(rowid, searchKey) VALUES (new.id, new.searchKey);
            END;
            """)
    }
}
