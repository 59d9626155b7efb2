import Foundation
import MawidBooking
import MawidPostgres
import MawidStorage
import Testing

/// What `MawidStorage` promises on both engines: the same rows back, a unique index that names itself,
/// a rolled-back transaction, concurrent writers that do not lose updates, the schema's guard.
@Suite struct EngineTests {
    @Test(arguments: Engine.available)
    func valuesComeBackAsTheyWent(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let row = try await database.engine.write { db in
            try db.execute("INSERT INTO setting (key, value) VALUES (?, ?)", ["a", "é ✓ عربي"])
            return try db.fetchOne("SELECT key, value, 42 AS answer, ? AS missing, 2.5 AS half FROM setting WHERE key = ?",
                                   [nil, "a"])
        }
        #expect(row?["value"] == "é ✓ عربي")
        #expect(row?["answer"] == 42)
        #expect(row?["half"] == 2.5)
        #expect(row?.value("missing") == .null)
    }

    @Test(arguments: Engine.available)
    func theSlotIndexRefusesASecondBookingByName(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let insert = """
            INSERT INTO booking (reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom, language,
                                 createdAt, updatedAt)
            VALUES (?, ?, 'amina', '2027-01-05', '09:00', 'pending', 'A', '+213550000000', 'self', 'fr', 'now', 'now')
            """
        try await database.engine.write { db in try db.execute(insert, ["R1", "T1"]) }
        await #expect(throws: SQLError.uniqueViolation(index: "booking_slot")) {
            try await database.engine.write { db in try db.execute(insert, ["R2", "T2"]) }
        }
        // The failed transaction left nothing.
        let count = try await database.engine.read { db in try db.value("SELECT count(*) FROM booking", as: Int.self) }
        #expect(count == 1)
    }

    @Test(arguments: Engine.available)
    func aThrownErrorRollsBack(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        struct Stop: Error {}
        await #expect(throws: Stop.self) {
            try await database.engine.write { db in
                try db.execute("INSERT INTO setting (key, value) VALUES ('x', '1')")
                throw Stop()
            }
        }
        let value = try await database.engine.read { db in try db.value("SELECT value FROM setting WHERE key = 'x'", as: String.self) }
        #expect(value == nil)
    }

    /// 40 writers each add one to a counter they read first: serializable on both, so none is lost.
    @Test(arguments: Engine.available)
    func concurrentReadThenWriteLosesNothing(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        try await database.engine.write { db in try db.execute("INSERT INTO setting (key, value) VALUES ('n', '0')") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await database.engine.write { db in
                        let n = Int(try db.value("SELECT value FROM setting WHERE key = 'n'", as: String.self) ?? "") ?? -1000
                        try db.execute("UPDATE setting SET value = ? WHERE key = 'n'", [String(n + 1)])
                    }
                }
            }
            try await group.waitForAll()
        }
        let n = try await database.engine.read { db in try db.value("SELECT value FROM setting WHERE key = 'n'", as: String.self) }
        #expect(n == "40")
    }

    @Test func postgresRefusesANewerSchemaAndAForeignDatabase() throws {
        guard Engine.available.contains(.postgres) else { return }
        let address = try Engine.freshPostgres()
        let engine = PostgresEngine(address, lanes: 1)
        defer { try? engine.close() }
        _ = try AppDatabase(postgres: engine, name: address.database)
        try engine.writeBlocking { db in try db.execute("INSERT INTO mawid_migration VALUES ('v99', 'later')") }
        #expect(throws: NewerSchema(database: address.database, unknown: ["v99"])) {
            try AppDatabase(postgres: engine, name: address.database)
        }

        let foreign = try Engine.freshPostgres()
        let other = PostgresEngine(foreign, lanes: 1)
        defer { try? other.close() }
        try other.writeBlocking { db in try db.execute("CREATE TABLE invoices (id bigint)") }
        do {
            _ = try AppDatabase(postgres: other, name: foreign.database)
            Issue.record("migrated a foreign database")
        } catch {
            #expect("\(error)".contains("already holds tables of something else (invoices)"))
        }
    }
}
