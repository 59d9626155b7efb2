import MawidStorage
import Foundation
import GRDB
import Testing
@testable import MawidBooking

/// A database written by the first release opens with its bookings intact and the new rules in force.
@Suite struct MigrationTests {
    @Test func aDatabaseANewerMawidMigratedIsRefusedAndLeftAsItIs() throws {
        let folder = NSTemporaryDirectory() + "mawid-newer-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/mawid.sqlite"
        try AppDatabase(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        try queue.close()
        #expect(throws: NewerSchema(database: path, unknown: ["v99"])) { try AppDatabase(path: path) }
        let message = NewerSchema(database: path, unknown: ["v99"]).description
        #expect(message.contains("written by a newer mawid (schema v99"))
    }

    @Test func v1DatabaseIsUpgraded() async throws {
        let queue = try await oldDatabase(upTo: "v1", status: "confirmed", token: "old-token")
        let store = BookingStore(database: try AppDatabase(queue))
        let old = try #require(try await store.booking(reference: "AAAA-AAAA"))
        #expect(old.status == .confirmed)
        #expect(old.source == .web)
        #expect(old.note == nil && old.previousSlot == nil && old.attendance == nil)
        #expect(try await store.audit(bookingID: old.id).isEmpty)
        // Bookings made before messages existed are not sent any now.
        store.setMessageContext(try makeContext())
        MessageComposer(store: store).attach()
        #expect(try store.composeCreationMessages(now: instant("2025-03-18T06:00:00Z")) == 0)
        #expect(try await store.allOutbox().isEmpty)

        // `proposed` now holds its slot too.
        let now = instant("2025-03-18T06:00:00Z")
        let created = try await store.create(makeRequest(slot("2025-03-20", "09:00")), now: now)
        _ = try await store.apply(.propose(slot("2025-03-20", "10:00")), bookingID: created.id, actor: "amina",
                                  calendar: SlotCalendar(timeZone: algiers, now: now), rules: TransitionRules(),
                                  doctors: ["amina-haddad": makeDoctor()])
        await #expect(throws: SlotTaken.self) { try await store.create(makeRequest(slot("2025-03-20", "10:00")), now: now) }
        await #expect(throws: SlotTaken.self) { try await store.create(makeRequest(slot("2025-03-19", "09:00")), now: now) }
        #expect(try await store.takenSlots(doctor: "amina-haddad", from: day("2025-03-19"), through: day("2025-03-20"))
                == [slot("2025-03-19", "09:00"), slot("2025-03-20", "10:00")])
    }

    @Test func migrationsAreKnown() throws {
        #expect(Schema.migrator.migrations == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15"])
    }

    /// Each index on `booking` costs every new booking a page write: v6 dropped `booking_status`, v7 the
    /// unique indexes on reference and token hash, `booking_doctor_date` and `booking_doctor_phone` (the
    /// slot index serves their queries).
    @Test func bookingIndexesAfterV7() async throws {
        let database = try AppDatabase.inMemory()
        let indexes = try await database.sqlite!.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'booking' ORDER BY name")
        }
        #expect(indexes == ["booking_slot"])
        let store = BookingStore(database: database)
        let now = instant("2025-03-18T06:00:00Z")
        let created = try await store.create(makeRequest(slot("2025-03-20", "09:00")), now: now)
        let cancelled = try await store.create(makeRequest(slot("2025-03-20", "09:30")), now: now)
        #expect(try await store.setStatus(.cancelled, reference: cancelled.reference, now: now))
        // A cancelled booking leaves its slot free, and a second cancelled one on it does not collide.
        let again = try await store.create(makeRequest(slot("2025-03-20", "09:30")), now: now)
        #expect(try await store.setStatus(.cancelled, reference: again.reference, now: now))
        _ = try await store.create(makeRequest(slot("2025-03-20", "09:30")), now: now)
        #expect(try await store.inbox(doctors: nil, now: now, timeZone: algiers).map(\.id) == [created.id, again.id + 1])
        let plan = try await database.sqlite!.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT date, time FROM booking WHERE doctor = ? AND date BETWEEN ? AND ?
                """, arguments: ["amina-haddad", "2025-03-01", "2025-03-31"]).map { $0["detail"] as String }.joined()
        }
        #expect(plan.contains("INDEX booking_slot"))
        // A patient's earlier visits too: through the slot index, never a scan of every booking.
        let visits = try await database.sqlite!.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + BookingStore.previousVisitsSQL(count: 2), arguments: [1, 2, 50])
                .map { $0["detail"] as String }
        }
        #expect(visits.contains { $0.contains("SEARCH booking USING INDEX booking_slot (doctor=?)") })
        #expect(!visits.contains { $0.hasPrefix("SCAN booking") })
    }

    /// A database from before v7 keeps its random references and bare tokens working; new bookings get
    /// ids after every id given before (even deleted ones) and never an old booking's reference.
    @Test func v6DatabaseKeepsItsKeys() async throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
        try Schema.migrator.migrate(queue, upTo: "v6")
        let cipher = try await queue.read { db in
            let hex = try #require(try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?",
                                                       arguments: [Schema.messageSecretKey]))
            return ReferenceCipher(secret: try #require(NotificationHub.bytes(hex: hex)))
        }
        // Booking 2 happens to hold the reference id 6 would get.
        let old = [(1, "AAAA-AAAA", "old-token-1", "09:00"), (2, cipher.reference(for: 6), "old-token-2", "09:30"),
                   (5, "CCCC-CCCC", "old-token-5", "10:00")]
        try await queue.write { db in
            for (id, reference, token, time) in old {
                try db.execute(sql: """
                    INSERT INTO booking (id, reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom,
                                         language, createdAt, updatedAt)
                    VALUES (?, ?, ?, 'amina-haddad', '2025-03-19', ?, 'confirmed', 'Karim', '+213550123456',
                            'self', 'fr', '2025-03-18T06:00:00Z', '2025-03-18T06:00:00Z')
                    """, arguments: [id, reference, BookingToken.hash(token), time])
                try db.execute(sql: """
                    INSERT INTO auditEvent (bookingId, actor, action, toStatus, at)
                    VALUES (?, 'patient', 'create', 'confirmed', '2025-03-18T06:00:00Z')
                    """, arguments: [id])
            }
            try db.execute(sql: "DELETE FROM booking WHERE id = 5")
        }
        let store = BookingStore(database: try AppDatabase(queue))
        // Rows pointing at bookings went through the table's rebuild untouched.
        #expect(try await store.audit(bookingID: 1).map(\.action) == ["create"])
        #expect(try await store.booking(reference: "aaaa aaaa")?.id == 1)
        #expect(try await store.booking(reference: old[1].1)?.id == 2)
        #expect(try await store.booking(token: "old-token-1") == nil)  // not shaped like a token
        let now = instant("2025-03-18T06:00:00Z")
        let created = try await store.create(makeRequest(slot("2025-03-20", "09:00")), now: now)
        #expect(created.id == 7)
        #expect(created.reference == cipher.reference(for: 7))
        #expect(try await store.booking(reference: created.reference)?.id == 7)
        #expect(try await store.booking(reference: old[1].1)?.id == 2)
        // The old bookings still hold their slots; deleting one deletes its old keys.
        await #expect(throws: SlotTaken.self) { try await store.create(makeRequest(slot("2025-03-19", "09:30")), now: now) }
        let problems = try await queue.write { db in
            try db.execute(sql: "DELETE FROM booking WHERE id = 1")
            return try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
                + (try Int.fetchOne(db, sql: "SELECT count(*) FROM legacyBookingKey WHERE bookingId = 1") ?? -1)
        }
        #expect(problems == 0)
    }

    /// A database from v7 (references from the SipHash network, stored with each booking) keeps its references,
    /// patient links and message links after v8 changes the reference cipher; new bookings never repeat an old
    /// reference.
    @Test func v7DatabaseKeepsItsReferencesAndLinks() async throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
        try Schema.migrator.migrate(queue, upTo: "v7")
        let hex = try await queue.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Schema.messageSecretKey])
        }
        let storedSecret = try #require(hex)
        let secret = try #require(NotificationHub.bytes(hex: storedSecret))
        let cipher = ReferenceCipher(secret: secret)
        // Booking 2's v7 reference happens to be the one v8 gives id 3.
        let old = [(1, "K7M4-XQ2P", "09:00"), (2, cipher.reference(for: 3), "09:30")]
        // The SHA-256 of this link secret, as v7 stored it (computed elsewhere: Python's hashlib).
        let linkSecret = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
        let storedHash = "46a2199782c8827f0ac56f503be9d39efee97f40a736b92cc7d7c5f825cfd851"
        try await queue.write { db in
            for (id, reference, time) in old {
                try db.execute(sql: """
                    INSERT INTO booking (id, reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom,
                                         language, createdAt, updatedAt)
                    VALUES (?, ?, ?, 'amina-haddad', '2025-03-19', ?, 'confirmed', 'Karim', '+213550123456',
                            'self', 'fr', '2025-03-18T06:00:00Z', '2025-03-18T06:00:00Z')
                    """, arguments: [id, reference, storedHash, time])
            }
        }
        let store = BookingStore(database: try AppDatabase(queue))
        #expect(try await store.booking(reference: "k7m4xq2p")?.id == 1)
        #expect(try await store.booking(reference: old[1].1)?.id == 2)
        #expect(try await store.booking(token: PatientToken.make(id: 1, secret: linkSecret))?.id == 1)
        #expect(try await store.booking(token: PatientToken.make(id: 1, secret: BookingToken.generate())) == nil)
        let link = try await store.messageToken(bookingID: 2)
        #expect(link == MessageToken.make(bookingID: 2, secret: secret))
        #expect(try await store.booking(token: link)?.id == 2)

        let now = instant("2025-03-18T06:00:00Z")
        let created = try await store.create(makeRequest(slot("2025-03-20", "09:00")), now: now)
        #expect(created.id == 4)  // 3's reference is booking 2's
        #expect(created.reference == cipher.reference(for: 4))
        #expect(try await store.booking(reference: created.reference)?.id == 4)
        #expect(try await store.booking(reference: old[1].1)?.id == 2)
    }

    /// A bare token from before v7 (43 characters) still opens its booking's page.
    @Test func preV7TokenStillOpensItsBooking() async throws {
        let token = BookingToken.generate()
        let queue = try await oldDatabase(upTo: "v6", status: "pending", token: token)
        let store = BookingStore(database: try AppDatabase(queue))
        #expect(try await store.booking(token: token)?.reference == "AAAA-AAAA")
        #expect(try await store.booking(token: BookingToken.generate()) == nil)
    }
}

/// A database migrated up to `version` only, holding booking AAAA-AAAA (amina-haddad, 2025-03-19 09:00, the
/// given status, the hash of `token`) as that release wrote it.
private func oldDatabase(upTo version: String, status: String, token: String) async throws -> DatabaseQueue {
    let queue = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
    try Schema.migrator.migrate(queue, upTo: version)
    try await queue.write { db in
        try db.execute(sql: """
            INSERT INTO booking (reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom,
                                 language, createdAt, updatedAt)
            VALUES ('AAAA-AAAA', ?, 'amina-haddad', '2025-03-19', '09:00', ?, 'Karim', '+213550123456',
                    'self', 'fr', '2025-03-18T06:00:00Z', '2025-03-18T06:00:00Z')
            """, arguments: [BookingToken.hash(token), status])
    }
    return queue
}
