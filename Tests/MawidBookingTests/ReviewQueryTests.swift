import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// What the office sees: inbox, calendar, one booking, previous visits, phone bookings, contact messages.
/// "Now" is Tuesday 2025-03-18 07:00 in Algiers.
@Suite struct ReviewQueryTests {
    let now = instant("2025-03-18T06:00:00Z")
    let doctors = ["amina-haddad": makeDoctor(), "other": makeDoctor(slug: "other")]

    func apply(_ store: BookingStore, _ action: BookingAction, _ id: Int64, at: Date? = nil) async throws {
        _ = try await store.apply(action, bookingID: id, actor: "amina", calendar: SlotCalendar(timeZone: algiers, now: at ?? now),
                                  rules: TransitionRules(), doctors: doctors)
    }

    /// A booking created `minutes` after now.
    func create(_ store: BookingStore, doctor: String = "amina-haddad", _ date: String, _ time: String, minutes: Double = 0,
                phone: String = "+213550123456") async throws -> Int64 {
        var request = makeRequest(doctor: doctor, slot(date, time))
        request.phone = phone
        return try await store.create(request, now: now.addingTimeInterval(minutes * 60)).id
    }

    @Test func oneBookingIsVisibleOnlyToItsDoctorsAccounts() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let id = try await create(store, "2025-03-19", "09:00")
        #expect(try await store.booking(id: id, doctors: nil)?.id == id)
        #expect(try await store.booking(id: id, doctors: ["amina-haddad"])?.id == id)
        #expect(try await store.booking(id: id, doctors: ["other", "amina-haddad"])?.id == id)
        #expect(try await store.booking(id: id, doctors: ["other"]) == nil)
        #expect(try await store.booking(id: id, doctors: []) == nil)
        #expect(try await store.booking(id: id + 1, doctors: nil) == nil)
        // A slug can't smuggle SQL.
        #expect(try await store.booking(id: id, doctors: ["x' OR '1'='1"]) == nil)
    }

    @Test func inboxOrderAndFilters() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let confirmedLate = try await create(store, "2025-03-24", "09:00", minutes: 1)
        let pendingNew = try await create(store, "2025-03-19", "08:00", minutes: 30)
        let pendingOld = try await create(store, "2025-03-27", "10:00", minutes: 2)
        let proposedId = try await create(store, "2025-03-19", "10:00", minutes: 3)
        let confirmedSoon = try await create(store, "2025-03-19", "11:00", minutes: 4)
        let cancelled = try await create(store, "2025-03-19", "13:00", minutes: 5)
        let otherDoctor = try await create(store, doctor: "other", "2025-03-19", "09:00", minutes: 0)
        try await apply(store, .confirm, confirmedLate)
        try await apply(store, .propose(slot("2025-03-20", "08:00")), proposedId)
        try await apply(store, .confirm, confirmedSoon)
        try await apply(store, .cancelByPractice(reason: nil), cancelled)
        // Yesterday's bookings, whatever their status, are gone from the inbox.
        let past = try await store.database.engine.write { db in
            try db.execute("UPDATE booking SET date = '2025-03-17' WHERE id = ?", [otherDoctor])
            return otherDoctor
        }

        let mine = try await store.inbox(doctors: ["amina-haddad"], now: now, timeZone: algiers).map(\.id)
        #expect(mine == [pendingOld, pendingNew, proposedId, confirmedSoon, confirmedLate])
        #expect(try await store.inbox(doctors: ["amina-haddad"], now: now, limit: 2, timeZone: algiers).map(\.id)
                == [pendingOld, pendingNew])
        #expect(try await store.inbox(doctors: ["other"], now: now, timeZone: algiers).isEmpty)
        #expect(try await store.inbox(doctors: [], now: now, timeZone: algiers).isEmpty)
        #expect(try await store.inbox(doctors: nil, now: now, timeZone: algiers).map(\.id) == mine)
        #expect(!mine.contains(past) && !mine.contains(cancelled))

        // Today's visits stay in the inbox until the day is over (in the site's time zone).
        let lateEvening = instant("2025-03-19T22:30:00Z")  // 23:30 in Algiers, still Wednesday
        let wednesday = try await store.inbox(doctors: nil, now: lateEvening, timeZone: algiers).map(\.id)
        #expect(wednesday.contains(confirmedSoon))
        let dubai = TimeZone(identifier: "Asia/Dubai")!
        let thursdayInDubai = try await store.inbox(doctors: nil, now: lateEvening, timeZone: dubai).map(\.id)
        #expect(!thursdayInDubai.contains(confirmedSoon))  // already Thursday in Dubai
    }

    @Test func calendarHasEveryStatusInOrder() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let b = try await create(store, "2025-03-20", "09:00")
        let a = try await create(store, "2025-03-19", "15:00")
        let c = try await create(store, "2025-03-20", "08:30")
        let outside = try await create(store, "2025-03-23", "08:00")
        let other = try await create(store, doctor: "other", "2025-03-19", "09:00")
        try await apply(store, .decline(reason: "Absent"), b)
        let week = try await store.bookings(doctors: ["amina-haddad"], from: day("2025-03-19"), through: day("2025-03-20"))
        #expect(week.map(\.id) == [a, c, b])
        #expect(week.last?.status == .declined)
        let all = try await store.bookings(doctors: nil, from: day("2025-03-19"), through: day("2025-03-23"))
        #expect(Set(all.map(\.id)) == [a, b, c, outside, other])
        #expect(try await store.bookings(doctors: ["other"], from: day("2025-03-19"), through: day("2025-03-23")).map(\.id) == [other])
        #expect(try await store.bookings(doctors: [], from: day("2025-03-19"), through: day("2025-03-23")).isEmpty)
    }

    @Test func previousVisitsOfTheSamePatientWithTheSameDoctor() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let first = try await create(store, "2025-03-19", "09:00")
        let second = try await create(store, "2025-03-20", "09:00")
        let current = try await create(store, "2025-03-24", "09:00")
        let later = try await create(store, "2025-03-25", "09:00")
        _ = try await create(store, "2025-03-19", "10:00", phone: "+213661000000")
        _ = try await create(store, doctor: "other", "2025-03-19", "09:00")
        try await apply(store, .patientCancel, second)

        let previous = try #require(try await store.previousVisits(of: [current])[current])
        #expect(previous.map(\.id) == [second, first])
        #expect(previous.first?.status == .cancelled)
        #expect(try await store.previousVisits(of: [first])[first] == nil)
        #expect(try await store.previousVisits(of: [later])[later]?.count == 3)
    }

    /// The inbox asks once for all its rows: each row gets its own patient's earlier visits, at most 50 each.
    @Test func previousVisitsOfSeveralBookingsInOneQuery() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let karim = "+213661000000"
        let aminaFirst = try await create(store, "2025-03-19", "09:00")
        let karimFirst = try await create(store, "2025-03-19", "10:00", phone: karim)
        let aminaNow = try await create(store, "2025-03-24", "09:00")
        let karimNow = try await create(store, "2025-03-24", "10:00", phone: karim)
        let otherDoctor = try await create(store, doctor: "other", "2025-03-25", "09:00")
        let newcomer = try await create(store, "2025-03-25", "11:00", phone: "+213770000000")
        // 51 earlier visits of a regular patient: each row's list stops at 50, not the whole answer.
        let regular = "+213550999999"
        for n in 1...51 {
            _ = try await create(store, day("2025-01-01").adding(days: n).description, "08:00", phone: regular)
        }
        let regularNow = try await create(store, "2025-03-26", "08:00", phone: regular)
        let regularNext = try await create(store, "2025-03-27", "08:00", phone: regular)

        let visits = try await store.previousVisits(of: [aminaNow, karimNow, otherDoctor, newcomer, regularNow, regularNext, 999])
        #expect(visits[aminaNow]?.map(\.id) == [aminaFirst])
        #expect(visits[karimNow]?.map(\.id) == [karimFirst])
        #expect(visits[otherDoctor] == nil && visits[newcomer] == nil && visits[999] == nil)
        #expect(visits[regularNow]?.count == 50)
        #expect(visits[regularNow]?.first?.request.slot == slot("2025-02-21", "08:00"))
        #expect(visits[regularNext]?.count == 50)
        #expect(visits[regularNext]?.first?.id == regularNow)
        // The same answers as asking for each row alone.
        for id in [aminaNow, karimNow, regularNow, regularNext] {
            #expect(try await store.previousVisits(of: [id])[id] == visits[id])
        }
        #expect(try await store.previousVisits(of: []).isEmpty)
    }

    @Test func phoneBookingsAreConfirmedAndHoldTheSlot() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let wanted = slot("2025-03-19", "09:00")
        let created = try await store.createByPractice(makeRequest(wanted), actor: "secretariat", now: now)
        #expect(created.status == .confirmed)
        let stored = try #require(try await store.booking(id: created.id, doctors: ["amina-haddad"]))
        #expect(stored.status == .confirmed)
        #expect(stored.source == .phone)
        #expect(stored.reference == created.reference)
        #expect(try await store.booking(token: created.token)?.id == created.id)

        await #expect(throws: SlotTaken(doctor: "amina-haddad", slot: wanted)) {
            try await store.create(makeRequest(wanted), now: now)
        }
        await #expect(throws: SlotTaken(doctor: "amina-haddad", slot: wanted)) {
            try await store.createByPractice(makeRequest(wanted), actor: "secretariat", now: now)
        }
        let audit = try await store.audit(bookingID: created.id)
        #expect(audit.count == 1)
        #expect(audit.first?.actor == "secretariat")
        #expect(audit.first?.action == "createByPractice")
        #expect(audit.first?.from == nil)
        #expect(audit.first?.to == .confirmed)
        // A phone booking the web took first.
        let web = try await store.create(makeRequest(slot("2025-03-19", "09:30")), now: now)
        await #expect(throws: SlotTaken.self) {
            try await store.createByPractice(makeRequest(slot("2025-03-19", "09:30")), actor: "secretariat", now: now)
        }
        #expect(try await store.countBookings() == 2 && web.status == .pending)
    }

    @Test func contactMessagesInbox() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let first = try await store.saveContact(ContactMessage(name: "Karim", phone: "+213550123456", message: "Bonjour",
                                                               language: "fr"), now: now)
        let second = try await store.saveContact(ContactMessage(name: "Lina", email: "l@example.dz", subject: "Horaires",
                                                                message: "Salam", language: "ar"), now: now.addingTimeInterval(60))
        let open = try await store.contactMessages(includeHandled: false)
        #expect(open.map(\.id) == [second, first])
        #expect(open.first?.message == ContactMessage(name: "Lina", email: "l@example.dz", subject: "Horaires", message: "Salam",
                                                      language: "ar"))
        #expect(open.first?.createdAt == now.addingTimeInterval(60))
        #expect(open.allSatisfy { !$0.handled })
        #expect(!String(describing: open[0]).contains("Lina"))

        #expect(try await store.markContactHandled(id: first))
        #expect(try await store.markContactHandled(id: 999) == false)
        #expect(try await store.contactMessages(includeHandled: false).map(\.id) == [second])
        let all = try await store.contactMessages(includeHandled: true)
        #expect(all.map(\.id) == [second, first])
        #expect(all.map(\.handled) == [false, true])
    }
}
