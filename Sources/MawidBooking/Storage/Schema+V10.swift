import GRDB

extension Schema {
    /// `planEdit`: who changed a doctor's slot length, hours or absences from /review, when, and from what to
    /// what (`PlanEdit`). No patient data.
    static func v10(_ db: Database) throws {
        try db.create(table: "planEdit") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("doctor", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("at", .text).notNull()        // ISO-8601 UTC
            t.column("field", .text).notNull()     // slot | hours | holidays
            t.column("before", .text).notNull()
            t.column("after", .text).notNull()
        }
        try db.create(index: "planEdit_doctor", on: "planEdit", columns: ["doctor", "id"])
    }
}
