import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

@Suite struct BookingStoreTests {
    let now = instant("2025-03-18T06:00:00Z")

    @Test func createdBookingIsFoundByItsTokenOnly() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let store = try makeStore(folder)
        let calendar = SlotCalendar(timeZone: algiers, now: now)
        let fields = ["doctor": "amina-haddad", "date": "2025-03-19", "time": "09:30", "name": "Karim Benali",
                      "phone": "0550 12 34 56", "email": "k@example.dz", "for": "relative", "relative_name": "Yasmine",
                      "relative_birthdate": "2015-06-01", "reason": "Contrôle", "consent": "on", "lang": "ar"]
        let request = try #require(BookingRequest.validate(fields, doctors: ["amina-haddad": makeDoctor()],
                                                           calendar: calendar, languages: ["fr", "ar"]).value)

        let created = try await store.create(request, now: now)
        #expect(created.status == .pending)
        #expect(BookingReference.normalized(created.reference) == created.reference)
        #expect(PatientToken.parse(created.token)?.id == created.id)

        let stored = try #require(try await store.booking(token: created.token))
        #expect(stored.request == request)
        #expect(stored.request.phone == "+213550123456")
        #expect(stored.reference == created.reference)
        #expect(stored.status == .pending)
        #expect(stored.createdAt == now && stored.updatedAt == now)
        #expect(!stored.description.contains("Karim"))
        #expect(try await store.booking(token: BookingToken.generate()) == nil)
        #expect(try await store.booking(token: "garbage") == nil)
        #expect(try await store.booking(reference: created.reference.lowercased())?.id == created.id)

        // The token's secret is nowhere in the database, only its hash.
        let row = try await store.database.engine.read { db in
            let row = try db.fetchOne("SELECT * FROM booking")!
            return Dictionary(uniqueKeysWithValues: zip(row.columns.map { $0.lowercased() }, row.values.map(String.fromSQL)))
        }
        let secret = try #require(PatientToken.parse(created.token)?.secret)
        #expect(row["tokenhash"] == BookingToken.hash(secret))
        for (_, value) in row { #expect(value?.contains(secret) != true) }
        #expect(row["createdat"] == "2025-03-18T06:00:00Z")
    }

    /// Commits only append to the WAL; pages reach the database file from the background checkpointer,
    /// long before the writer's own backstop (`AppDatabase.walBackstopPages`) would copy them.
    @Test(.enabled(if: !TestDatabases.usesPostgres)) func walIsCheckpointedInTheBackground() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let store = try makeStore(folder)
        let path = folder.path("bookings.sqlite")
        let size = { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
        let before = size()
        for minutes in stride(from: 8 * 60, to: 12 * 60, by: 15) {
            _ = try await store.create(makeRequest(Slot(date: day("2025-03-19"), time: ClockTime(minutes: minutes)!)), now: now)
        }
        var waited = 0
        while size() <= before, waited < 5000 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 50
        }
        #expect(size() > before, "the database file did not grow within 5 s: no checkpoint ran")
        try store.database.close()
    }

    @Test func takenSlotsOfOneDoctorInRange() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00")), now: now)
        _ = try await store.create(makeRequest(slot("2025-03-20", "10:00")), now: now)
        _ = try await store.create(makeRequest(slot("2025-03-23", "08:00")), now: now)
        _ = try await store.create(makeRequest(doctor: "other", slot("2025-03-19", "09:30")), now: now)
        let cancelled = try await store.create(makeRequest(slot("2025-03-19", "11:00")), now: now)
        try await store.setStatus(.cancelled, reference: cancelled.reference, now: now)

        let taken = try await store.takenSlots(doctor: "amina-haddad", from: day("2025-03-19"), through: day("2025-03-20"))
        #expect(taken == [slot("2025-03-19", "09:00"), slot("2025-03-20", "10:00")])
    }

    @Test(arguments: [BookingStatus.cancelled, .declined])
    func releasedSlotsCanBeBookedAgain(status: BookingStatus) async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let wanted = slot("2025-03-19", "09:00")
        let first = try await store.create(makeRequest(wanted), now: now)
        await #expect(throws: SlotTaken(doctor: "amina-haddad", slot: wanted)) {
            try await store.create(makeRequest(wanted), now: now)
        }
        #expect(try await store.setStatus(status, reference: first.reference, now: now))
        let second = try await store.create(makeRequest(wanted), now: now)
        #expect(second.reference != first.reference)
        // The first booking can no longer come back onto the slot.
        await #expect(throws: SlotTaken(doctor: "amina-haddad", slot: wanted)) {
            try await store.setStatus(.confirmed, reference: first.reference, now: now)
        }
        #expect(try await store.setStatus(.confirmed, reference: second.reference, now: now))
        #expect(try await store.countBookings(status: .confirmed) == 1)
        #expect(try await store.countBookings(status: status) == 1)
        #expect(try await store.setStatus(.cancelled, reference: "ZZZZ-ZZZZ", now: now) == false)
    }

    /// References come from ids: different for every booking, slot conflicts in between, and each one finds
    /// its own booking again (in any case, without the dash).
    @Test func referencesAreDerivedFromIds() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        var made: [CreatedBooking] = []
        for minute in stride(from: 0, to: 60, by: 30) {
            for hour in 8..<12 {
                let wanted = slot("2025-03-19", String(format: "%02d:%02d", hour, minute))
                made.append(try await store.create(makeRequest(wanted), now: now))
                await #expect(throws: SlotTaken.self) { try await store.create(makeRequest(wanted), now: now) }
            }
        }
        // Ids only grow (a refused insert may use one up: SQLite's AUTOINCREMENT counts it).
        #expect(made.map(\.id) == made.map(\.id).sorted() && Set(made.map(\.id)).count == made.count)
        #expect(Set(made.map(\.reference)).count == made.count)
        for booking in made {
            #expect(try await store.booking(reference: booking.reference)?.id == booking.id)
            let typed = booking.reference.lowercased().replacingOccurrences(of: "-", with: "")
            #expect(try await store.booking(reference: typed)?.id == booking.id)
        }
        // A well-formed reference nobody has: its id has no booking.
        let unused = try await store.database.engine.read { db in
            ReferenceCipher(secret: try store.notifications.secret(db)).reference(for: 10_000)
        }
        #expect(try await store.booking(reference: unused) == nil)
    }

    /// The patient's link holds the booking's id and a secret: a changed secret, or the secret under another
    /// id, finds nothing.
    @Test func patientTokenNeedsItsOwnSecret() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let first = try await store.create(makeRequest(slot("2025-03-19", "09:00")), now: now)
        let second = try await store.create(makeRequest(slot("2025-03-19", "09:30")), now: now)
        let (id, secret) = try #require(PatientToken.parse(first.token))
        #expect(id == first.id)
        #expect(try await store.booking(token: first.token)?.id == first.id)
        #expect(try await store.booking(token: PatientToken.make(id: second.id, secret: secret)) == nil)
        #expect(try await store.booking(token: PatientToken.make(id: first.id, secret: BookingToken.generate())) == nil)
        #expect(try await store.booking(token: secret) == nil)  // the bare secret is not a pre-v7 token either
    }

    @Test func contactMessages() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let message = ContactMessage(name: "Karim", phone: "+213550123456", message: "Bonjour", language: "fr")
        let first = try await store.saveContact(message, now: now)
        let second = try await store.saveContact(message, now: now)
        #expect(second == first + 1)
        #expect(try await store.countContactMessages() == 2)
        let handled = try await store.database.engine.read { db in
            try db.values("SELECT handled FROM contactMessage", as: Bool.self)
        }
        #expect(handled == [false, false])
    }

    @Test func health() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let store = try makeStore(folder)
        #expect(await store.isHealthy())
        try store.database.close()
        #expect(await store.isHealthy() == false)
    }

    @Test func suggestsNextFreeSlotsAfterAConflict() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let doctor = makeDoctor()
        let calendar = SlotCalendar(timeZone: algiers, now: now)
        for time in ["11:00", "11:30", "13:30"] { _ = try await store.create(makeRequest(slot("2025-03-20", time)), now: now) }
        let next = try await store.nextFreeSlots(for: doctor, after: slot("2025-03-20", "11:00"), calendar: calendar)
        #expect(next == [slot("2025-03-20", "13:00"), slot("2025-03-20", "14:00"), slot("2025-03-20", "14:30"),
                         slot("2025-03-20", "15:00"), slot("2025-03-20", "15:30")])
        // Across the weekend.
        let afterThursday = try await store.nextFreeSlots(for: doctor, after: slot("2025-03-20", "15:30"),
                                                           calendar: calendar, limit: 3)
        #expect(afterThursday == [slot("2025-03-23", "08:00"), slot("2025-03-23", "08:30"), slot("2025-03-23", "09:00")])
        // A long holiday pushes the search past the 31-day window; nothing beyond the horizon.
        let away = makeDoctor(holidays: [("2025-03-19", "2025-05-31")])
        #expect(try await store.nextFreeSlots(for: away, after: slot("2025-03-19", "08:00"), calendar: calendar, limit: 1)
                == [slot("2025-06-01", "08:00")])
        #expect(try await store.nextFreeSlots(for: away, after: slot("2025-06-16", "15:30"), calendar: calendar).isEmpty)
    }
}
