import GRDB

/// The database schema, as GRDB migrations. Never edit a shipped migration: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "booking") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("reference", .text).notNull().unique()
                t.column("tokenHash", .text).notNull().unique()
                t.column("doctor", .text).notNull()
                t.column("date", .text).notNull()          // YYYY-MM-DD, site time zone
                t.column("time", .text).notNull()          // HH:MM
                t.column("status", .text).notNull()
                t.column("patientName", .text).notNull()
                t.column("phone", .text).notNull()         // E.164
                t.column("email", .text)
                t.column("forWhom", .text).notNull()       // self | relative
                t.column("relativeName", .text)
                t.column("relativeBirthdate", .text)
                t.column("reason", .text)
                t.column("language", .text).notNull()
                t.column("createdAt", .text).notNull()     // ISO-8601 UTC
                t.column("updatedAt", .text).notNull()
            }
            // Frozen list: v1 shipped with pending + confirmed holding a slot.
            try createSlotIndex(db, statuses: ["pending", "confirmed"])
            try db.create(index: "booking_doctor_date", on: "booking", columns: ["doctor", "date"])

            try db.create(table: "contactMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("email", .text)
                t.column("phone", .text)
                t.column("subject", .text)
                t.column("message", .text).notNull()
                t.column("language", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("handled", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v2", migrate: v2)
        migrator.registerMigration("v3", migrate: v3)
        migrator.registerMigration("v4", migrate: v4)
        migrator.registerMigration("v5", migrate: v5)
        migrator.registerMigration("v6", migrate: v6)
        // Foreign keys off while v7 makes `booking` again (dropping the old table must not cascade), checked after.
        migrator.registerMigration("v7", foreignKeyChecks: .deferred, migrate: v7)
        migrator.registerMigration("v8", migrate: v8)
        migrator.registerMigration("v9", migrate: v9)
        migrator.registerMigration("v10", migrate: v10)
        migrator.registerMigration("v11", migrate: v11)
        migrator.registerMigration("v12", migrate: v12)
        migrator.registerMigration("v13", migrate: v13)
        migrator.registerMigration("v14", migrate: v14)
        migrator.registerMigration("v15", migrate: v15)
        return migrator
    }

    static let slotIndex = "booking_slot"

    /// The double-booking guard of v1 to v6 (a partial index: slot-holding bookings only). From v7 on it is
    /// `createSlotKeyIndex`.
    static func createSlotIndex(_ db: Database, statuses: [String]) throws {
        try db.execute(sql: """
            CREATE UNIQUE INDEX \(slotIndex) ON booking(doctor, date, time) WHERE \(slotCondition(statuses))
            """)
    }

    /// `status IN ('pending', …)`, as the slot index has it.
    static func slotCondition(_ statuses: [String]) -> String {
        "status IN (" + statuses.map { "'\($0)'" }.joined(separator: ", ") + ")"
    }
}
