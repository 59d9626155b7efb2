import MawidStorage

/// One data table `DatabaseCopy` copies, and how it reads it on either engine: its rows in key order, its
/// columns by name (lower case, sorted, so both engines list them alike: PostgreSQL folds unquoted names).
struct CopiedTable: Sendable {
    /// How the target takes the rows.
    enum Mode: Sendable {
        /// Inserted into a table the target has empty.
        case insert
        /// The target's rows with the source's keys are replaced (`setting`: the source's `messageSecret` must win).
        case replaceKeys
        /// The target's rows are all deleted first (the figures' summary, which triggers may have touched).
        case replaceAll
    }

    let name: String
    /// The primary key: one integer column read page by page, or columns sorted in memory (small tables).
    let key: [String]
    let integerKey: Bool
    let mode: Mode
    /// SQLite keeps it in an FTS5 table whose key is `rowid` (`bookingSearch`); PostgreSQL in a column `id`.
    let sqliteRowid: Bool
    /// Rows read and inserted at a time (fewer where a row may hold a file of megabytes).
    let pageRows: Int

    private init(_ name: String, key: [String], integerKey: Bool, mode: Mode = .insert, sqliteRowid: Bool = false,
                 pageRows: Int = 500) {
        self.name = name
        self.key = key.map { $0.lowercased() }
        self.integerKey = integerKey
        self.mode = mode
        self.sqliteRowid = sqliteRowid
        self.pageRows = pageRows
    }

    /// A table keyed by one integer column.
    static func keyed(_ name: String, by key: String = "id", sqliteRowid: Bool = false, pageRows: Int = 500) -> CopiedTable {
        CopiedTable(name, key: [key], integerKey: true, sqliteRowid: sqliteRowid, pageRows: pageRows)
    }

    /// A small table keyed by text (or several columns), read whole and sorted.
    static func sorted(_ name: String, by key: [String], mode: Mode = .insert) -> CopiedTable {
        CopiedTable(name, key: key, integerKey: false, mode: mode)
    }

    /// Every data table, in an order the foreign keys accept: bookings before what hangs on them, accounts
    /// before theirs. `setting` and the figures' summary come last, after the audit rows whose trigger on the
    /// summary then finds nothing counted yet (the target's `figuresCountedUpTo` is still its own, 0).
    static let all: [CopiedTable] = [
        .keyed("booking"),
        .sorted("legacyBookingKey", by: ["key"]),
        .keyed("auditEvent"),
        .keyed("outbox"),
        .keyed("waitlist", by: "bookingId"),
        .keyed("offer"),
        .keyed("threadMessage"),
        .keyed("threadState", by: "bookingId"),
        .keyed("document", pageRows: 8),
        .keyed("rating"),
        .keyed("bookingSearch", sqliteRowid: true),
        .keyed("account"),
        .keyed("session"),
        .keyed("digestItem"),
        .keyed("contactMessage"),
        .keyed("loginFailure"),
        .sorted("loginLock", by: ["login"]),
        .sorted("calendarToken", by: ["doctor"]),
        .keyed("planEdit"),
        .keyed("signInCode"),
        .keyed("patientSession"),
        .sorted("setting", by: ["key"], mode: .replaceKeys),
        .sorted("figuresDay", by: ["doctor", "date"], mode: .replaceAll),
        .sorted("figuresHour", by: ["doctor", "hour", "date"], mode: .replaceAll),
        .sorted("figuresLead", by: ["doctor", "lead", "date"], mode: .replaceAll),
    ]

    /// Whether its `id` comes from an identity (PostgreSQL) or AUTOINCREMENT (SQLite) counter.
    var hasIDCounter: Bool { key == ["id"] && !sqliteRowid }

    /// Tables of the engines' own, never copied: SQLite's counters, GRDB's and mawid's migration lists, the
    /// FTS5 index's shadow tables.
    static func isInternal(_ table: String) -> Bool {
        let lower = table.lowercased()
        return lower.hasPrefix("sqlite_") || lower == "grdb_migrations" || lower == "mawid_migration" || lower.hasPrefix("bookingsearch_")
    }

    /// The tables of the database, lower case, internal ones left out.
    static func tables(_ db: any SQLConnection) throws -> Set<String> {
        let names = try db.values(db.dialect.pick(
            sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
            postgres: "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"),
            as: String.self)
        return Set(names.map { $0.lowercased() }.filter { !isInternal($0) })
    }

    /// Its columns, lower case and sorted (`id` included on SQLite's FTS5 table, where it is the rowid).
    func columns(_ db: any SQLConnection) throws -> [String] {
        var names = try db.values(db.dialect.pick(
            sqlite: "SELECT name FROM pragma_table_info(?)",
            postgres: """
                SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?
                """), [db.dialect.pick(sqlite: name, postgres: name.lowercased())], as: String.self).map { $0.lowercased() }
        if sqliteRowid, db.dialect == .sqlite { names += key }
        return names.sorted()
    }

    /// How `column` is written in SQL: quoted in lower case (PostgreSQL's folded name; SQLite matches any case),
    /// SQLite's `rowid` for the key of its FTS5 table.
    func sql(_ column: String, _ dialect: SQLDialect) -> String {
        sqliteRowid && dialect == .sqlite && key == [column] ? "rowid" : "\"\(column)\""
    }

    /// Calls `body` with the rows (values in the order of `columns`), page by page, in key order: integer keys
    /// ascending; other keys by `SQLValue.precedes`, the same on both engines whatever their collation.
    func forEachPage(_ db: any SQLConnection, columns: [String], _ body: ([[SQLValue]]) throws -> Void) throws {
        let list = columns.map { sql($0, db.dialect) }.joined(separator: ", ")
        if integerKey {
            let keySQL = sql(key[0], db.dialect)
            guard let keyIndex = columns.firstIndex(of: key[0]) else { throw SQLError.unreadable(column: "\(name).\(key[0])") }
            var after = Int64.min
            while true {
                let rows = try db.fetchAll("SELECT \(list) FROM \(name) WHERE \(keySQL) > ? ORDER BY \(keySQL) LIMIT ?", [after, pageRows])
                guard let last = rows.last else { return }
                try body(rows.map(\.values))
                guard let lastKey = Int64.fromSQL(last.values[keyIndex]) else { throw SQLError.unreadable(column: "\(name).\(key[0])") }
                after = lastKey
                if rows.count < pageRows { return }
            }
        }
        let keyIndexes = key.compactMap { columns.firstIndex(of: $0) }
        let rows = try db.fetchAll("SELECT \(list) FROM \(name)").map(\.values).sorted { a, b in
            for index in keyIndexes where a[index] != b[index] { return a[index].precedes(b[index]) }
            return false
        }
        for start in stride(from: 0, to: rows.count, by: pageRows) {
            try body(Array(rows[start..<min(start + pageRows, rows.count)]))
        }
    }

    /// Rows in the table.
    func count(_ db: any SQLConnection) throws -> Int {
        try db.value("SELECT count(*) FROM \(name)", as: Int.self) ?? 0
    }
}

extension SQLValue {
    /// An order the same on both engines: NULL, integers and reals by value, texts by their UTF-8 bytes (as
    /// SQLite's BINARY collation), blobs by their bytes.
    func precedes(_ other: SQLValue) -> Bool {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): return a < b
        case (.real(let a), .real(let b)): return a < b
        case (.text(let a), .text(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        case (.blob(let a), .blob(let b)): return a.lexicographicallyPrecedes(b)
        default: return rank < other.rank
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .integer: 1
        case .real: 2
        case .text: 3
        case .blob: 4
        }
    }
}
