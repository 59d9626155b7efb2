import GRDB

/// How far a database has got: the highest row id of each table that records activity, and the latest
/// timestamp in any of them. `DatabaseRestore` reads it from the backup, then counts the rows of the database
/// it would replace that the backup lacks: a higher id (written after the backup), or a timestamp later than
/// the backup's latest (changed after it). Any such row is what a restore would lose.
///
/// No time needs recording in the backup: a database with nothing done since the backup was taken is
/// replaced without `--force`, however old the backup; ids tell apart rows written in the same second.
struct DatabaseActivity: Sendable, Equatable {
    /// Highest id per table (tables with an `id` column only).
    var lastIDs: [String: Int64] = [:]
    /// The latest timestamp (ISO-8601 UTC, which sorts as text) of any tracked column; nil for an empty database.
    var latest: String?

    /// A table that records activity, the columns that say when, and how a message counts its rows.
    struct Source: Sendable {
        let table: String
        let hasID: Bool
        let timestamps: [String]
        let one: String
        let many: String
    }

    /// Sessions and login failures are left out: losing them loses nothing a practice needs.
    static let sources = [
        Source(table: "booking", hasID: true, timestamps: ["createdAt", "updatedAt"],
               one: "booking created or changed", many: "bookings created or changed"),
        Source(table: "auditEvent", hasID: true, timestamps: ["at"],
               one: "entry of the bookings' history", many: "entries of the bookings' history"),
        Source(table: "outbox", hasID: true, timestamps: ["createdAt", "sentAt"],
               one: "email or SMS written or sent", many: "emails or SMS written or sent"),
        Source(table: "contactMessage", hasID: true, timestamps: ["createdAt"],
               one: "contact message", many: "contact messages"),
        Source(table: "waitlist", hasID: false, timestamps: ["createdAt"],
               one: "waitlist entry", many: "waitlist entries"),
        Source(table: "offer", hasID: true, timestamps: ["createdAt"],
               one: "offer of a freed slot", many: "offers of a freed slot"),
        Source(table: "account", hasID: true, timestamps: ["createdAt"], one: "account", many: "accounts"),
        Source(table: "digestItem", hasID: true, timestamps: ["createdAt"], one: "digest line", many: "digest lines"),
    ]

    /// The activity of `db`; tables it does not have (an older schema) are skipped.
    static func read(_ db: Database) throws -> DatabaseActivity {
        var activity = DatabaseActivity()
        for source in sources where try db.tableExists(source.table) {
            if source.hasID {
                activity.lastIDs[source.table] = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM \(source.table)") ?? 0
            }
            for column in source.timestamps {
                if let time = try String.fetchOne(db, sql: "SELECT MAX(\(column)) FROM \(source.table)") {
                    activity.latest = max(activity.latest ?? time, time)
                }
            }
        }
        return activity
    }

    /// What `db` holds that a database of activity `backup` lacks, one phrase per table ("3 bookings created or
    /// changed"); empty when nothing would be lost by replacing `db` with that backup.
    static func changes(in db: Database, since backup: DatabaseActivity) throws -> [String] {
        var phrases: [String] = []
        for source in sources where try db.tableExists(source.table) {
            var conditions = source.timestamps.map { "\($0) > ?" }
            var arguments: [any DatabaseValueConvertible] = source.timestamps.map { _ in backup.latest ?? "" }
            if source.hasID {
                conditions.append("id > ?")
                arguments.append(backup.lastIDs[source.table] ?? 0)
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(source.table) WHERE " + conditions.joined(separator: " OR "),
                                         arguments: StatementArguments(arguments)) ?? 0
            if count > 0 { phrases.append("\(count) \(count == 1 ? source.one : source.many)") }
        }
        return phrases
    }
}
