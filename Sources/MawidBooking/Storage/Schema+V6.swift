import GRDB

extension Schema {
    /// One index fewer on `booking`: every new booking wrote an entry in `booking_status` (status, doctor),
    /// at a random place, so one more 4 KB page per booking to the log and then to the file. The office's
    /// inbox, the only query that used it, reads the slot index instead.
    static func v6(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX booking_status")
    }
}
