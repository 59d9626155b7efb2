import Foundation
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// A practice's figures over a period: requests, what became of them, who cancelled, no-show rate, phone and
/// web, lead time, busiest days and hours; only the visible doctors, only visits in the period. The same whether
/// the bookings were counted into the summary before their changes (`countFirst`) or are read directly.
@Suite struct FiguresTests {
    let now = instant("2025-03-18T06:00:00Z")  // Tuesday 07:00 in Algiers
    let later = instant("2025-04-30T12:00:00Z")
    let doctors = ["amina-haddad": makeDoctor(), "other": makeDoctor(slug: "other")]

    func apply(_ store: BookingStore, _ action: BookingAction, _ id: Int64, actor: String = "amina", at: Date) async throws {
        _ = try await store.apply(action, bookingID: id, actor: actor, calendar: SlotCalendar(timeZone: algiers, now: at),
                                  rules: TransitionRules(), doctors: doctors)
    }

    @Test(arguments: [false, true])
    func theFiguresCountWhatBecameOfEachRequest(countFirst: Bool) async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        // Sunday 23 and Monday 24 March 2025 (the requests are made on the 18th: 5 and 6 days ahead).
        let came = try await store.create(makeRequest(slot("2025-03-23", "09:00")), now: now).id
        let missed = try await store.create(makeRequest(slot("2025-03-23", "09:30")), now: now).id
        let byPatient = try await store.create(makeRequest(slot("2025-03-24", "09:00")), now: now).id
        let byPractice = try await store.create(makeRequest(slot("2025-03-24", "10:00")), now: now).id
        _ = try await store.createByPractice(makeRequest(slot("2025-03-24", "10:30")), actor: "amina", now: now)
        _ = try await store.create(makeRequest(doctor: "other", slot("2025-03-24", "09:00")), now: now)
        _ = try await store.create(makeRequest(slot("2025-04-10", "09:00")), now: now)  // after the period
        if countFirst { #expect(try await store.countFigures() == 7) }
        for id in [came, missed, byPatient] { try await apply(store, .confirm, id, at: now) }
        try await apply(store, .markDone, came, at: later)
        try await apply(store, .markNoShow, missed, at: later)
        try await apply(store, .patientCancel, byPatient, actor: AuditEvent.patientActor, at: now)
        try await apply(store, .cancelByPractice(reason: nil), byPractice, at: now)

        let figures = try await store.figures(doctors: ["amina-haddad"], from: LocalDate("2025-03-22")!, through: LocalDate("2025-03-31")!)
        #expect(figures.requests == 5)
        #expect(figures.byStatus == [.done: 1, .noShow: 1, .cancelled: 2, .confirmed: 1])
        #expect(figures.confirmed == 3)
        #expect(figures.cancelledByPatient == 1 && figures.cancelledByPractice == 1)
        #expect(figures.noShowRate == 0.5)
        #expect(figures.web == 4 && figures.phone == 1)
        #expect(figures.byWeekday == [.sun: 2, .mon: 3])
        #expect(figures.byHour == [9: 3, 10: 2])
        #expect(figures.medianLeadDays == 6)
        // The network: the other doctor's request too; nobody's: nothing.
        #expect(try await store.figures(doctors: nil, from: LocalDate("2025-03-22")!, through: LocalDate("2025-03-31")!).requests == 6)
        #expect(try await store.figures(doctors: [], from: LocalDate("2025-03-22")!, through: LocalDate("2025-03-31")!).requests == 0)
        #expect(try await store.figures(doctors: nil, from: LocalDate("2025-05-01")!, through: LocalDate("2025-05-31")!).medianLeadDays == nil)
    }
}
