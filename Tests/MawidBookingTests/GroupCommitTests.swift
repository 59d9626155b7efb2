import Foundation
import GRDB
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// Concurrent creates: batched into shared transactions, each caller with its own outcome.
@Suite struct GroupCommitTests {
    let now = instant("2025-03-18T06:00:00Z")

    /// Distinct slots: doctor `d<n / 14>`, one of 14 daily times.
    func distinctSlot(_ n: Int) -> BookingRequest {
        let times = ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
                     "13:00", "13:30", "14:00", "14:30", "15:00", "15:30"]
        return makeRequest(doctor: "d\(n / times.count)", slot("2025-03-19", times[n % times.count]))
    }

    @Test func concurrentCreatesOnDistinctSlotsAllSucceedInFewTransactions() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let store = try makeStore(folder)
        let count = 1000
        let created = try await withThrowingTaskGroup(of: CreatedBooking.self) { group in
            for n in 0..<count { group.addTask { try await store.create(distinctSlot(n), now: now) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(created.count == count)
        #expect(Set(created.map(\.reference)).count == count)
        #expect(try await store.countBookings() == count)
        let transactions = store.writer.transactions
        #expect(transactions < count / 2, "expected batching, got \(transactions) transactions")
    }

    /// A place that runs what it is given at once, counting the hand-overs and the callers resumed.
    final class CountingPlace: ResumePlace, @unchecked Sendable {
        private let lock = NSLock()
        private var counts = (handOvers: 0, resumed: 0)
        var id: ObjectIdentifier { ObjectIdentifier(self) }
        var handOvers: Int { lock.withLock { counts.handOvers } }
        func execute(_ work: @escaping @Sendable () -> Void) {
            lock.withLock { counts.handOvers += 1 }
            work()
        }
    }

    @Test func callersAreResumedAtTheirPlaceOncePerBatch() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let places = [CountingPlace(), CountingPlace()]
        let count = 200
        let created = try await withThrowingTaskGroup(of: CreatedBooking.self) { group in
            for n in 0..<count {
                group.addTask { try await store.create(distinctSlot(n), now: now, resumeOn: places[n % 2]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(created.count == count)
        // Every caller went through its place, and callers of one batch went together.
        let transactions = store.writer.transactions
        for place in places {
            #expect(place.handOvers >= 1)
            #expect(place.handOvers <= transactions)
        }
        #expect(transactions < count, "expected batching, got \(transactions) transactions")
    }

    @Test func fiftyCreatesOnOneSlotGiveOneBooking() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let store = try makeStore(folder)
        let wanted = slot("2025-03-19", "09:00")
        let outcomes = await outcomes(of: (0..<50).map { _ in makeRequest(wanted) }, store: store)
        #expect(outcomes.filter { $0 == .success }.count == 1)
        #expect(outcomes.filter { $0 == .slotTaken }.count == 49)
        #expect(try await store.countBookings() == 1)
    }

    @Test func conflictsFailOnlyTheirCallers() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        // 10 slots, 10 callers each, interleaved.
        let requests = (0..<100).map { distinctSlot($0 % 10) }
        let outcomes = await outcomes(of: requests, store: store)
        #expect(outcomes.filter { $0 == .success }.count == 10)
        #expect(outcomes.filter { $0 == .slotTaken }.count == 90)
        let taken = try await store.takenSlots(doctor: "d0", from: day("2025-03-19"), through: day("2025-03-19"))
        #expect(taken.count == 10)
    }

    @Test func everyAcknowledgedBookingSurvivesReopening() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path("bookings.sqlite")
        let store = try BookingStore(path: path)
        let created = try await withThrowingTaskGroup(of: CreatedBooking.self) { group in
            for n in 0..<300 { group.addTask { try await store.create(distinctSlot(n), now: now) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // As after kill -9: copy the files while the store is still open, with no checkpoint or close.
        let crashed = folder.path("crash/bookings.sqlite")
        try FileManager.default.createDirectory(atPath: folder.path("crash"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path, toPath: crashed)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")
        try store.database.close()

        for copy in [path, crashed] {
            let reopened = try BookingStore(path: copy)
            #expect(try await reopened.countBookings() == created.count)
            for booking in created {
                #expect(try await reopened.booking(token: booking.token)?.reference == booking.reference)
            }
        }
    }

    /// A failure that rolls back the whole transaction must fail every caller of that batch:
    /// nobody may be told "booked" for a row that was not committed. The next batches still work.
    /// SQLite only: a temporary trigger makes the failure.
    @Test(.enabled(if: !TestDatabases.usesPostgres)) func noSuccessWithoutCommit() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let store = try makeStore(folder)
        try await store.database.sqlite!.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER boom BEFORE INSERT ON booking WHEN NEW.patientName = 'boom'
                BEGIN SELECT RAISE(ROLLBACK, 'boom'); END
                """)
        }
        _ = try await store.create(distinctSlot(0), now: now)
        await #expect(throws: DatabaseError.self) {
            try await store.create(makeRequest(distinctSlot(1).slot, name: "boom"), now: now)
        }
        #expect(try await store.countBookings() == 1)

        let requests = (2..<202).map { n in
            makeRequest(doctor: distinctSlot(n).doctor, distinctSlot(n).slot, name: n % 50 == 0 ? "boom" : "Karim")
        }
        let outcomes = await outcomes(of: requests, store: store)
        let stored = try await store.countBookings()
        #expect(outcomes.filter { $0 == .success }.count == stored - 1)
        #expect(outcomes.filter { $0 == .failure }.count >= 4)
        #expect(!outcomes.contains(.slotTaken))

        _ = try await store.create(distinctSlot(300), now: now)
        #expect(try await store.countBookings() == stored + 1)
    }

    enum Outcome: Equatable, Sendable { case success, slotTaken, failure }

    func outcomes(of requests: [BookingRequest], store: BookingStore) async -> [Outcome] {
        await withTaskGroup(of: Outcome.self) { group in
            for request in requests {
                group.addTask {
                    do {
                        _ = try await store.create(request, now: now)
                        return .success
                    } catch is SlotTaken {
                        return .slotTaken
                    } catch {
                        return .failure
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }
}
