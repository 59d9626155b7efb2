import GRDB

extension Schema {
    /// Review by the office: more statuses (`proposed` holds a slot), the booking's note, previous slot,
    /// source and attendance, and the audit trail.
    static func v2(_ db: Database) throws {
        // Frozen list: v2 shipped with pending + confirmed + proposed holding a slot.
        try db.execute(sql: "DROP INDEX \(slotIndex)")
        try createSlotIndex(db, statuses: ["pending", "confirmed", "proposed"])

        try db.alter(table: "booking") { t in
            t.add(column: "note", .text)                    // decline / cancel reason shown to the patient
            t.add(column: "previousDate", .text)            // the slot before the last move, for display
            t.add(column: "previousTime", .text)
            t.add(column: "source", .text).notNull().defaults(to: "web")  // web | phone
            t.add(column: "attendance", .text)              // confirmed: the patient said they will come
        }
        try db.create(index: "booking_status", on: "booking", columns: ["status", "doctor"])
        try db.create(index: "booking_doctor_phone", on: "booking", columns: ["doctor", "phone"])

        // Who did what to a booking. No patient data beyond the slot and the reason given.
        try db.create(table: "auditEvent") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("bookingId", .integer).notNull().indexed().references("booking", onDelete: .cascade)
            t.column("actor", .text).notNull()             // an account login, or "patient"
            t.column("action", .text).notNull()            // BookingAction.name, "create", "createByPractice"
            t.column("fromStatus", .text)                  // nil on creation
            t.column("toStatus", .text).notNull()
            t.column("at", .text).notNull()                // ISO-8601 UTC
            t.column("detail", .text)
        }
    }
}
