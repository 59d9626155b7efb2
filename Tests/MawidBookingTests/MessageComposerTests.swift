import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// With a `MessageComposer`, a booking commits without its messages; they follow, once each, in booking
/// order, and a change to a booking never overtakes them. "Now" is Tuesday 2025-03-18 07:00 in Algiers.
@Suite struct MessageComposerTests {
    let now = instant("2025-03-18T06:00:00Z")

    func deferredStore(_ database: AppDatabase? = nil) throws -> BookingStore {
        let store = BookingStore(database: try database ?? TestDatabases.fresh(), messages: try makeContext())
        MessageComposer(store: store).attach()
        return store
    }

    func cursor(_ store: BookingStore) async throws -> Int64 {
        try await store.database.engine.read { db in try BookingCursor.creation.get(db) }
    }

    @Test func messagesFollowTheBookingOnceEachAndMatchTheInlineOnes() async throws {
        let store = try deferredStore()
        let first = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        let second = try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "ar", email: nil), now: now)
        #expect(try await store.allOutbox().isEmpty, "the bookings committed without their messages")

        #expect(try store.composeCreationMessages(now: now) == 2)
        #expect(try await cursor(store) == second.id)
        let rows = try await store.allOutbox()
        #expect(rows.map(\.bookingID) == [first.id, first.id, second.id])
        #expect(rows.map(\.channel) == [.email, .sms, .sms])
        #expect(rows.allSatisfy { $0.kind == .received && $0.state == .pending && $0.nextAttemptAt == now })
        #expect(rows[2].language == "ar")

        // Composing again (or after a crash before the cursor file was read) adds nothing.
        #expect(try store.composeCreationMessages(now: now) == 0)
        #expect(try await store.allOutbox().count == 3)

        // The same rows, keys included, as a store writing them with the booking.
        let inline = try makeNotifyingStore()
        _ = try await inline.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        _ = try await inline.create(makeRequest(slot("2025-03-19", "10:00"), language: "ar", email: nil), now: now)
        let inlineRows = try await inline.allOutbox()
        #expect(inlineRows.map(\.idempotencyKey) == rows.map(\.idempotencyKey))
        let shape = { (row: OutboxMessage) in "\(row.kind.rawValue) \(row.channel.rawValue) \(row.language) \(row.recipient)" }
        #expect(inlineRows.map(shape) == rows.map(shape))
        #expect(try await cursor(inline) == inlineRows.last!.bookingID!, "inline messages move the cursor too")
    }

    /// One composing round reads the practice's accounts once for all its bookings: each booking's
    /// notice still goes to its own doctor's accounts only.
    @Test func oneRoundTellsEachDoctorsAccountsOfTheirOwnBookings() async throws {
        let store = try deferredStore()
        let accounts = AccountStore(database: store.database, hasher: PasswordHasher(cost: 4))
        for (login, doctors) in [("amina", ["amina-haddad"]), ("karim", ["other"]), ("both", ["other", "amina-haddad"])] {
            try accounts.add(login: login, password: "a long password", doctors: doctors, isAdmin: false)
            try accounts.setContact(login: login, email: "\(login)@cabinet.example.dz", phone: nil, notify: nil)
        }
        let mine = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        let theirs = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr", doctor: "other"), now: now)
        let added = try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "fr"), now: now)
        #expect(try store.composeCreationMessages(now: now) == 3)
        func practice(_ id: Int64) async throws -> Set<String> {
            Set(try await store.outbox(bookingID: id).filter { $0.kind == .newRequest }.map(\.recipient))
        }
        #expect(try await practice(mine.id) == ["amina@cabinet.example.dz", "both@cabinet.example.dz"])
        #expect(try await practice(theirs.id) == ["karim@cabinet.example.dz", "both@cabinet.example.dz"])
        #expect(try await practice(added.id) == ["amina@cabinet.example.dz", "both@cabinet.example.dz"])
    }

    @Test func aChangeWritesTheBacklogBeforeItsOwnMessages() async throws {
        let store = try deferredStore()
        let first = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        let second = try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "fr"), now: now)
        try await store.act(.confirm, second.id, at: now)

        let rows = try await store.allOutbox()
        let kinds = rows.map { "\($0.bookingID!):\($0.kind.rawValue)" }
        #expect(Array(kinds.prefix(4)) == ["\(first.id):received", "\(first.id):received",
                                            "\(second.id):received", "\(second.id):received"])
        #expect(Array(kinds.dropFirst(4).prefix(2)) == ["\(second.id):confirmed", "\(second.id):confirmed"])
        #expect(try await cursor(store) == second.id)
        #expect(try store.composeCreationMessages(now: now) == 0)
        #expect(try await store.allOutbox().count == rows.count, "nothing written twice")
    }

    @Test func aRestartGoesOnFromTheCursorAndAnInlineWriterLeavesTheBacklog() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mawid-compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mawid.sqlite").path

        var ids: [Int64] = []
        do {  // a server that dies before composing
            let store = try deferredStore(TestDatabases.open(path: path))
            ids.append(try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now).id)
            ids.append(try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "fr"), now: now).id)
            try store.database.close()
        }
        // Reopened without a composer: its own booking gets its messages at once, the backlog stays.
        let inline = BookingStore(database: try TestDatabases.open(path: path), messages: try makeContext())
        ids.append(try await inline.create(makeRequest(slot("2025-03-19", "11:00"), language: "fr"), now: now).id)
        #expect(try await inline.allOutbox().map(\.bookingID) == [ids[2], ids[2]])
        #expect(try await cursor(inline) == 0)

        MessageComposer(store: inline).attach()
        #expect(try inline.composeCreationMessages(now: now) == 3)
        let rows = try await inline.allOutbox()
        #expect(rows.count == 6, "two messages per booking, the inline ones not again")
        #expect(Set(rows.compactMap(\.bookingID)) == Set(ids))
        #expect(try await cursor(inline) == ids[2])
    }

    @Test func theThreadWritesNewBookingsMessagesByItself() async throws {
        let store = BookingStore(database: try TestDatabases.fresh(), messages: try makeContext())
        let composer = MessageComposer(store: store, clock: { instant("2025-03-18T06:00:00Z") })
        composer.start()
        defer { composer.stop() }
        let created = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        var rows: [OutboxMessage] = []
        for _ in 0..<100 where rows.count < 2 {
            try await Task.sleep(nanoseconds: 50_000_000)
            rows = try await store.allOutbox()
        }
        #expect(rows.map(\.bookingID) == [created.id, created.id])
        #expect(rows.map(\.kind) == [.received, .received])
    }
}
