import GRDB
import MawidStorage

/// The database schema, as GRDB migrations. Never edit a shipped migration: add a new one.
enum Schema {
    /// Every step of the schema, in order, for both engines (`SQLMigration`).
    static let migrations: [SQLMigration] = [
        SQLMigration("v1", postgres: PostgresSchema.v1, sqlite: v1),
        SQLMigration("v2", sqlite: v2),
        SQLMigration("v3", sqlite: v3),
        SQLMigration("v4", sqlite: v4),
        SQLMigration("v5", sqlite: v5),
        SQLMigration("v6", sqlite: v6),
        // Foreign keys off while v7 makes `booking` again (dropping the old table must not cascade), checked after.
        SQLMigration("v7", deferForeignKeys: true, sqlite: v7),
        SQLMigration("v8", sqlite: v8),
        SQLMigration("v9", sqlite: v9),
        SQLMigration("v10", sqlite: v10),
        SQLMigration("v11", sqlite: v11),
        SQLMigration("v12", sqlite: v12),
        SQLMigration("v13", sqlite: v13),
        SQLMigration("v14", sqlite: v14),
        SQLMigration("v15", sqlite: v15),
    ]

    /// The SQLite steps as GRDB migrations.
    static var migrator: DatabaseMigrator { SQLiteDatabase.migrator(migrations) }

    static func v1(_ db: Database) throws {
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
