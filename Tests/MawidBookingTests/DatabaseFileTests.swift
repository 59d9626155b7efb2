import Foundation
import GRDB
import Testing
@testable import MawidBooking

@Suite struct DatabaseFileTests {
    @Test func fileAndItsCompanionsAreOwnerOnly() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path("data/private/bookings.sqlite")
        let store = BookingStore(database: try AppDatabase(path: path))
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00")), now: .now)

        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-wal") == 0o600)
        #expect(try mode(path + "-shm") == 0o600)
        #expect(try mode(folder.path("data/private")) == 0o700)
    }

    @Test func walAndFullSync() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let database = try AppDatabase(path: folder.path("bookings.sqlite"))
        #expect(database.sqlite is DatabasePool)
        let (journal, synchronous) = try await database.sqlite!.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA synchronous")!)
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)  // FULL
    }

    @Test func existingFileIsReopenedNotReplaced() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path("bookings.sqlite")
        let created = try await BookingStore(path: path).create(makeRequest(slot("2025-03-19", "09:00")), now: .now)
        let reopened = try BookingStore(path: path)
        #expect(try await reopened.booking(token: created.token)?.reference == created.reference)
    }

    /// The unique index must list exactly the statuses that hold a slot. If this fails after changing
    /// `BookingStatus.slotHolding`, add a migration that drops `booking_slot` and calls `Schema.createSlotKeyIndex`.
    @Test func slotIndexFollowsSlotHoldingStatuses() async throws {
        let database = try AppDatabase.inMemory()
        let sql = try await database.sqlite!.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [Schema.slotIndex])!
        }
        let list = try #require(sql.split(separator: "(").last?.split(separator: ")").first)
        let statuses = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["'"]) })
        #expect(statuses == Set(BookingStatus.slotHolding.map(\.rawValue)))
        #expect(sql.contains("UNIQUE INDEX booking_slot ON booking(doctor, date, time, (CASE WHEN status IN ("))
        for status in BookingStatus.allCases {
            #expect(status.holdsSlot == BookingStatus.slotHolding.contains(status))
        }
    }

    @Test func timestampsRoundTrip() {
        #expect(Timestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_742_283_045.9)) == "2025-03-18T07:30:45Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(Timestamp.date("2025-03-18T07:30:45Z") == Date(timeIntervalSince1970: 1_742_283_045))
        #expect(Timestamp.date("2025-03-18 07:30:45") == nil)
    }
}
