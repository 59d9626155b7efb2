import Foundation
import GRDB
import Testing
@testable import MawidBooking

/// A database written by the first release opens with its bookings intact and the new rules in force.
@Suite struct MigrationTests {
    @Test func v1DatabaseIsUpgraded() async throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
        try Schema.migrator.migrate(queue, upTo: "v1")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO booking (reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom,
                                     language, createdAt, updatedAt)
                VALUES ('AAAA-AAAA', ?, 'amina-haddad', '2025-03-19', '09:00', 'confirmed', 'Karim', '+213550123456',
                        'self', 'fr', '2025-03-18T06:00:00Z', '2025-03-18T06:00:00Z')
                """, arguments: [BookingToken.hash("old-token")])
        }
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
        #expect(Schema.migrator.migrations == ["v1", "v2", "v3", "v4", "v5", "v6"])
    }

    /// Each index on `booking` costs every new booking a page write: v6 dropped `booking_status`, and the
    /// inbox, which used it, now reads the slot index (its query names it: it fails if it cannot).
    @Test func bookingIndexesAfterV6() async throws {
        let database = try AppDatabase.inMemory()
        let indexes = try await database.dbWriter.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'booking' ORDER BY name")
        }
        #expect(indexes == ["booking_doctor_date", "booking_doctor_phone", "booking_slot",
                            "sqlite_autoindex_booking_1", "sqlite_autoindex_booking_2"])
        let store = BookingStore(database: database)
        let now = instant("2025-03-18T06:00:00Z")
        let created = try await store.create(makeRequest(slot("2025-03-20", "09:00")), now: now)
        #expect(try await store.inbox(doctors: nil, now: now, timeZone: algiers).map(\.id) == [created.id])
    }
}
