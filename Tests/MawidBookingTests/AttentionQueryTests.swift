import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// Bookings the doctors' new plans leave out, as the store lists and counts them. "Now" is Tuesday
/// 2025-03-18 07:00 in Algiers; bookings are made under `makeDoctor()`'s plan (Sunday to Thursday, 30 min).
@Suite struct AttentionQueryTests {
    let now = instant("2025-03-18T06:00:00Z")
    let oldPlan = ["amina-haddad": makeDoctor(), "other": makeDoctor(slug: "other")]
    /// Amina on holiday on Wednesday 19 and Thursday 20, the other doctor works Sunday mornings only.
    let newPlan = [
        "amina-haddad": makeDoctor(holidays: [("2025-03-19", "2025-03-20")]),
        "other": makeDoctor(slug: "other", hours: [.sun: ["08:00-12:00"]]),
    ]

    var calendar: SlotCalendar { SlotCalendar(timeZone: algiers, now: now) }

    func create(_ store: BookingStore, doctor: String = "amina-haddad", _ date: String, _ time: String) async throws -> Int64 {
        try await store.create(makeRequest(doctor: doctor, slot(date, time)), now: now).id
    }

    func apply(_ store: BookingStore, _ action: BookingAction, _ id: Int64, doctors: [String: Doctor]) async throws {
        _ = try await store.apply(action, bookingID: id, actor: "amina", calendar: calendar, rules: TransitionRules(), doctors: doctors)
    }

    func attention(_ store: BookingStore, doctors: [String]? = nil, plan: [String: Doctor]? = nil,
                   limit: Int = 200) async throws -> AttentionList {
        try await store.needingAttention(doctors: doctors, check: PlanCheck(doctors: plan ?? newPlan, calendar: calendar), limit: limit)
    }

    @Test func theNewPlanListsWhatItLeavesOutSoonestFirst() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let thursday = try await create(store, "2025-03-20", "09:00")
        let wednesday = try await create(store, "2025-03-19", "15:00")
        let fits = try await create(store, "2025-03-23", "09:00")
        let otherTuesday = try await create(store, doctor: "other", "2025-03-18", "13:00")
        let otherSunday = try await create(store, doctor: "other", "2025-03-23", "09:00")
        #expect(try await attention(store, plan: oldPlan).total == 0)

        let list = try await attention(store)
        #expect(list.bookings.map(\.booking.id) == [otherTuesday, wednesday, thursday])
        #expect(list.total == 3)
        let holiday = DateSpan(first: day("2025-03-19"), last: day("2025-03-20"))!
        #expect(list.bookings.map(\.reason) == [.dayClosed, .holiday(holiday), .holiday(holiday)])
        #expect(list.bookings.first?.booking.request.patientName == "Karim Benali")
        #expect(!list.bookings.map(\.booking.id).contains(fits) && !list.bookings.map(\.booking.id).contains(otherSunday))
        #expect(try await store.countNeedingAttention(check: PlanCheck(doctors: newPlan, calendar: calendar)) == 3)

        // A doctor's account sees only its own; the limit keeps the count of all.
        #expect(try await attention(store, doctors: ["other"]).bookings.map(\.booking.id) == [otherTuesday])
        #expect(try await attention(store, doctors: []).total == 0)
        let first = try await attention(store, limit: 1)
        #expect(first.bookings.map(\.booking.id) == [otherTuesday] && first.total == 3)
        // A doctor removed from the site: all their future bookings.
        let removed = try await attention(store, doctors: ["other"], plan: ["amina-haddad": makeDoctor()])
        #expect(removed.bookings.map(\.reason) == [.notPublished, .notPublished])
    }

    @Test func onlyFutureActiveBookingsCount() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let pending = try await create(store, "2025-03-19", "09:00")
        let confirmed = try await create(store, "2025-03-19", "09:30")
        let proposed = try await create(store, "2025-03-19", "10:00")
        let declined = try await create(store, "2025-03-19", "10:30")
        let cancelled = try await create(store, "2025-03-19", "11:00")
        let startedToday = try await create(store, "2025-03-18", "08:00")
        let yesterday = try await create(store, doctor: "other", "2025-03-18", "09:00")
        try await apply(store, .confirm, confirmed, doctors: oldPlan)
        try await apply(store, .propose(slot("2025-03-19", "10:00")), proposed, doctors: oldPlan)
        try await apply(store, .decline(reason: "Absent"), declined, doctors: oldPlan)
        try await apply(store, .cancelByPractice(reason: nil), cancelled, doctors: oldPlan)
        try await store.database.engine.write { db in
            try db.execute("UPDATE booking SET time = '06:30' WHERE id = ?", [startedToday])
            try db.execute("UPDATE booking SET date = '2025-03-17' WHERE id = ?", [yesterday])
        }
        // Both would be off the new plans (before 08:00; the other doctor's Monday), but they are over.
        let listed = try await attention(store).bookings.map(\.booking.id)
        #expect(listed == [pending, confirmed, proposed])
    }

    @Test func movingOrCancellingTakesABookingOffTheList() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let moved = try await create(store, "2025-03-19", "09:00")
        let declined = try await create(store, "2025-03-19", "09:30")
        let cancelled = try await create(store, "2025-03-20", "09:00")
        try await apply(store, .confirm, cancelled, doctors: oldPlan)
        #expect(try await attention(store).total == 3)

        // Moving to a day still on holiday is refused, and the booking stays listed.
        await #expect(throws: SlotNotBookable.self) {
            try await apply(store, .propose(slot("2025-03-20", "10:00")), moved, doctors: newPlan)
        }
        try await apply(store, .propose(slot("2025-03-23", "10:00")), moved, doctors: newPlan)
        try await apply(store, .decline(reason: "Le docteur est en congé."), declined, doctors: newPlan)
        try await apply(store, .cancelByPractice(reason: nil), cancelled, doctors: newPlan)
        #expect(try await attention(store).total == 0)
        #expect(try await store.booking(id: moved, doctors: nil)?.status == .proposed)
    }
}
