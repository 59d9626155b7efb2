import Foundation
import GRDB
import MawidStorage

/// `mawid db copy`: a practice's data from one database into another, empty one, typically from its SQLite file
/// into PostgreSQL (issue 18). Engine-neutral: any engine to any engine, both migrated to this mawid's schema.
///
/// All or nothing: one write transaction on the target, which reads the source in one read transaction (one
/// state of it). It refuses a target holding any data; copies every table of `CopiedTable.all` page by page,
/// every column by name, ids kept; sums both sides (`TableSummary`); and commits only if every table matches.
/// Any error, or a table that differs, rolls everything back: the target is never left half-copied.
///
/// Before it commits, the id counters (PostgreSQL's identity sequences, SQLite's AUTOINCREMENT) move to the highest
/// id the source ever gave, deleted rows' included: new rows never collide with copied ones, and a deleted
/// booking's id (which its references and message links name) is never given again.
public struct DatabaseCopy: Sendable {
    public let source: AppDatabase
    public let target: AppDatabase
    /// The target as errors name it (`DatabaseAddress.description`: never the password).
    public let targetName: String

    public init(from source: AppDatabase, to target: AppDatabase, targetName: String) {
        self.source = source
        self.target = target
        self.targetName = targetName
    }

    /// Copies everything, or nothing when it throws.
    /// - Throws: `DatabaseCopy.Problem` (the target holds data, or a database has a table or a column the
    ///   other lacks), `DatabaseCopy.Differs` (the sums differ; nothing was committed), database errors.
    public func run() async throws -> CopyReport {
        let source = source.engine, target = target.engine, targetName = targetName
        // GRDB wants a SQLite connection used inside its own transaction's closure: SQLite's transaction goes inside.
        if target.dialect == .sqlite, source.dialect == .postgres {
            return try await source.read { from in
                try target.writeBlocking { to in try Self.copy(from: from, to: to, targetName: targetName) }
            }
        }
        return try await target.write { to in
            try source.readBlocking { from in try Self.copy(from: from, to: to, targetName: targetName) }
        }
    }

    /// The count and checksum of every copied table of `database`, in one state of it.
    public static func summaries(of database: AppDatabase) async throws -> [TableSummary] {
        try await database.engine.read { db in
            try CopiedTable.all.map { table in try summary(of: table, columns: table.columns(db), db) }
        }
    }

    static func copy(from source: any SQLConnection, to target: any SQLConnection, targetName: String) throws -> CopyReport {
        try checkTables(source, name: "the source")
        try checkTables(target, name: targetName)
        let holdings = try CopiedTable.all.filter { $0.mode != .replaceKeys }.compactMap { table -> (String, Int)? in
            let rows = try table.count(target)
            return rows > 0 ? (table.name, rows) : nil
        }
        guard holdings.isEmpty else { throw Problem.notEmpty(targetName, holdings: holdings) }

        var sourceSummaries: [TableSummary] = []
        var columnsOf: [String: [String]] = [:]
        for table in CopiedTable.all {
            let columns = try table.columns(source)
            let targetColumns = try table.columns(target)
            guard columns == targetColumns else {
                throw Problem(description: """
                    the table \(table.name) has columns \(columns.joined(separator: ", ")) in the source but \
                    \(targetColumns.joined(separator: ", ")) in \(targetName): copy between databases of one mawid version
                    """)
            }
            columnsOf[table.name] = columns
            if table.mode == .replaceAll { try target.execute("DELETE FROM \(table.name)") }
            var sum = TableChecksum()
            try table.forEachPage(source, columns: columns) { page in
                sum.add(page)
                try insert(page, into: table, columns: columns, target)
            }
            sourceSummaries.append(sum.summary(of: table.name))
        }
        // Summed at the end: copying a table may fire a trigger on an earlier one.
        let report = CopyReport(tables: try zip(CopiedTable.all, sourceSummaries).map { table, source in
            CopyReport.Table(source: source, target: try summary(of: table, columns: columnsOf[table.name]!, target))
        })
        guard report.matches else { throw Differs(report: report) }
        for table in CopiedTable.all where table.hasIDCounter {
            try IDCounter.move(table, in: target, to: try IDCounter.highest(table, in: source))
        }
        return report
    }

    static func summary(of table: CopiedTable, columns: [String], _ db: any SQLConnection) throws -> TableSummary {
        var sum = TableChecksum()
        try table.forEachPage(db, columns: columns) { sum.add($0) }
        return sum.summary(of: table.name)
    }

    /// Refuses a database with a data table `CopiedTable.all` lacks (it would be left behind) or without one of them.
    static func checkTables(_ db: any SQLConnection, name: String) throws {
        let present = try CopiedTable.tables(db)
        let known = Set(CopiedTable.all.map { $0.name.lowercased() })
        let unknown = present.subtracting(known).sorted(), missing = known.subtracting(present).sorted()
        guard unknown.isEmpty, missing.isEmpty else {
            throw Problem(description: unknown.isEmpty
                ? "\(name) lacks the tables \(missing.joined(separator: ", ")): is it a mawid database?"
                : "\(name) has tables this mawid does not know (\(unknown.joined(separator: ", "))), which would be left behind: nothing was copied")
        }
    }

    /// One page as one multi-row INSERT (at most 500 rows of at most 25 columns: within both engines' limits
    /// on arguments). `setting` first loses the target's rows with the page's keys.
    static func insert(_ page: [[SQLValue]], into table: CopiedTable, columns: [String], _ db: any SQLConnection) throws {
        guard !page.isEmpty else { return }
        if table.mode == .replaceKeys, let keyIndex = columns.firstIndex(of: table.key[0]) {
            let keys = page.map { $0[keyIndex] }
            try db.execute("DELETE FROM \(table.name) WHERE \(table.sql(table.key[0], db.dialect)) IN \(keys.sqlPlaceholders)",
                           SQLArguments(values: keys))
        }
        let list = columns.map { table.sql($0, db.dialect) }.joined(separator: ", ")
        let row = columns.sqlPlaceholders
        let sql = "INSERT INTO \(table.name) (\(list)) VALUES " + Array(repeating: row, count: page.count).joined(separator: ", ")
        // Named here, the table and the engine's word only (never the statement, nor a value: patient data).
        // Other errors go through as they are: PostgreSQL's "run again" among them.
        do {
            try db.execute(sql, SQLArguments(values: page.flatMap { $0 }))
        } catch let error as SQLError {
            throw Problem(description: "the table \(table.name) could not be copied: \(error); nothing was changed")
        } catch let error as DatabaseError {
            throw Problem(description: "the table \(table.name) could not be copied: \(error.message ?? "\(error.resultCode)"); nothing was changed")
        }
    }
}

/// What `DatabaseCopy.run` did: every table's count and checksum on both sides.
public struct CopyReport: Sendable {
    public struct Table: Sendable {
        public let source: TableSummary
        public let target: TableSummary
        public var matches: Bool { source.rows == target.rows && source.checksum == target.checksum }
    }

    public let tables: [Table]
    public var matches: Bool { tables.allSatisfy(\.matches) }
    public var rows: Int { tables.reduce(0) { $0 + $1.source.rows } }
}

extension DatabaseCopy {
    /// Why nothing was copied, in words for the command line (never a row's content).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String

        static func notEmpty(_ name: String, holdings: [(String, Int)]) -> Problem {
            let list = holdings.map { "\($0.0): \($0.1) row\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
            return Problem(description: """
                \(name) already holds data (\(list)): mawid db copy fills only an empty database; \
                create a new one (createdb) and copy into it. Nothing was changed
                """)
        }
    }

    /// A table came out different on the target; the copy was rolled back.
    public struct Differs: Error, Sendable, CustomStringConvertible {
        public let report: CopyReport

        public var description: String {
            let tables = report.tables.filter { !$0.matches }.map(\.source.table).joined(separator: ", ")
            return "the copy differs from the source in \(tables); it was rolled back, nothing was changed"
        }
    }
}

/// The counters that give new rows their ids: PostgreSQL's identity sequences, SQLite's `sqlite_sequence`.
enum IDCounter {
    /// The highest id the table ever gave: its largest id, or more if its last rows were deleted.
    static func highest(_ table: CopiedTable, in db: any SQLConnection) throws -> Int64 {
        let largest = try db.value("SELECT max(id) FROM \(table.name)", as: Int64.self) ?? 0
        let counter = try db.value(db.dialect.pick(
            sqlite: "SELECT seq FROM sqlite_sequence WHERE lower(name) = lower(?)",
            postgres: "SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(?, 'id') AS regclass))"),
            [db.dialect.pick(sqlite: table.name, postgres: table.name.lowercased())], as: Int64.self) ?? 0
        return max(largest, counter)
    }

    /// Moves the table's counter to `id` unless it is further: the next row gets `id + 1` or more.
    static func move(_ table: CopiedTable, in db: any SQLConnection, to id: Int64) throws {
        guard id > 0 else { return }
        switch db.dialect {
        case .postgres:
            try db.execute("""
                SELECT setval(counter, greatest(?, coalesce(pg_sequence_last_value(counter), 0)))
                FROM (SELECT CAST(pg_get_serial_sequence(?, 'id') AS regclass) AS counter) AS counters
                """, [id, table.name.lowercased()])
        case .sqlite:
            if try db.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", [id, table.name]) == 0 {
                try db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table.name, id])
            }
        }
    }
}
