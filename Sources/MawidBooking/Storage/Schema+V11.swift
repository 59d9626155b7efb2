import GRDB

extension Schema {
    /// Each booking's thread between the patient and the practice (`MawidConversation`): its messages, who
    /// wrote each (the patient, or an account's login) and when the other side read it; and whether the
    /// practice closed the thread. Deleted with the booking.
    static func v11(_ db: Database) throws {
        try db.create(table: "threadMessage") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("bookingId", .integer).notNull().references("booking", onDelete: .cascade)
            t.column("fromPatient", .boolean).notNull()
            t.column("author", .text).notNull()       // "patient" or an account's login
            t.column("body", .text).notNull()
            t.column("createdAt", .text).notNull()    // ISO-8601 UTC
            t.column("readAt", .text)                 // when the other side first saw it
        }
        try db.create(index: "threadMessage_booking", on: "threadMessage", columns: ["bookingId", "id"])
        // The practice's unread messages, counted on every /review page.
        try db.execute(sql: "CREATE INDEX threadMessage_unread ON threadMessage(bookingId) WHERE fromPatient AND readAt IS NULL")
        try db.create(table: "threadState") { t in
            t.primaryKey("bookingId", .integer).references("booking", onDelete: .cascade)
            t.column("closedAt", .text).notNull()
            t.column("closedBy", .text).notNull()
        }
    }
}
