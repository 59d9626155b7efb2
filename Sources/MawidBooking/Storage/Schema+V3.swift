import GRDB

extension Schema {
    /// Office accounts, their sessions, failed logins and the doctors' calendar feed tokens.
    static func v3(_ db: Database) throws {
        try db.create(table: "account") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("login", .text).notNull().unique()
            t.column("passwordHash", .text).notNull()      // bcrypt
            t.column("isAdmin", .boolean).notNull().defaults(to: false)
            t.column("doctors", .text).notNull().defaults(to: "")  // doctor slugs, comma-separated
            t.column("createdAt", .text).notNull()
        }

        try db.create(table: "session") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("tokenHash", .text).notNull().unique()  // SHA-256 of the cookie's token
            t.column("accountId", .integer).notNull().indexed().references("account", onDelete: .cascade)
            t.column("csrf", .text).notNull()
            t.column("createdAt", .text).notNull()
            t.column("lastSeen", .text).notNull()
        }

        // Failed logins, known or not, counted for the lockout; kept one day.
        try db.create(table: "loginFailure") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("login", .text).notNull()
            t.column("at", .text).notNull()
        }
        try db.create(index: "loginFailure_login_at", on: "loginFailure", columns: ["login", "at"])
        try db.create(table: "loginLock") { t in
            t.primaryKey("login", .text)
            t.column("lockedUntil", .text).notNull()
        }

        try db.create(table: "calendarToken") { t in
            t.primaryKey("doctor", .text)
            t.column("tokenHash", .text).notNull().unique()
            t.column("createdAt", .text).notNull()
        }
    }
}
