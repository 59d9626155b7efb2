import GRDB

extension Schema {
    /// "My appointments" (`SignInCodes`, `PatientSessions`): a patient signs in with a code sent by SMS to the
    /// number they booked with, and sees every booking of that number.
    ///
    /// `signInCode`: one row per code asked for, kept a day (the limits per number count them). It holds
    /// neither the number nor the code: `phoneKey` and `codeHash` are HMAC-SHA256 of them under a key made
    /// from the server's secret (`codeHash` with the row's own `salt`), and `codeHash` is NULL when the number
    /// has no booking (no code was sent; the row still counts, so the answers are the same for every number).
    /// `usedAt`: signed in with it, replaced by a newer code, or given up after too many wrong tries.
    ///
    /// `patientSession`: a signed-in browser; the cookie's token is stored as its SHA-256 only, with the number
    /// it shows the bookings of.
    static func v14(_ db: Database) throws {
        try db.create(table: "signInCode") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("phoneKey", .text).notNull()
            t.column("codeHash", .text)
            t.column("salt", .text).notNull()
            t.column("createdAt", .text).notNull()   // ISO-8601 UTC
            t.column("expiresAt", .text).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("usedAt", .text)
        }
        try db.create(index: "signInCode_phone", on: "signInCode", columns: ["phoneKey", "createdAt"])
        try db.create(table: "patientSession") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("tokenHash", .text).notNull().unique()
            t.column("phone", .text).notNull()       // E.164
            t.column("createdAt", .text).notNull()
            t.column("lastSeen", .text).notNull()
        }
    }
}
