import Foundation
import MawidSite
import Testing
@testable import MawidBooking

/// Bookings made under a doctor's old plan, checked against the new one. "Now" is Tuesday 2025-03-18 07:00
/// in Algiers; the old plan is Sunday to Thursday 08:00-12:00 and 13:00-16:00, 30-minute slots.
@Suite struct PlanCheckTests {
    let now = instant("2025-03-18T06:00:00Z")
    var calendar: SlotCalendar { SlotCalendar(timeZone: algiers, now: now) }

    func reason(_ doctor: Doctor?, _ date: String, _ time: String) -> PlanCheck.Reason? {
        let doctors = doctor.map { ["amina-haddad": $0] } ?? [:]
        return PlanCheck(doctors: doctors, calendar: calendar).reason(doctor: "amina-haddad", slot: slot(date, time))
    }

    func range(_ start: String, _ end: String) -> TimeRange { TimeRange(start: clock(start), end: clock(end))! }

    @Test func aBookingOnTheNewPlanFits() {
        #expect(reason(makeDoctor(), "2025-03-19", "09:00") == nil)
        // Another slot length that keeps this start on the grid; a shorter horizon.
        #expect(reason(makeDoctor(slot: 60), "2025-03-19", "09:00") == nil)
        let shortHorizon = PlanCheck(doctors: ["amina-haddad": makeDoctor()],
                                     calendar: SlotCalendar(timeZone: algiers, now: now, horizonDays: 1))
        #expect(shortHorizon.reason(doctor: "amina-haddad", slot: slot("2025-05-01", "09:00")) == nil)
    }

    @Test func aDoctorRemovedOrNoLongerBookableIsNotPublished() {
        #expect(reason(nil, "2025-03-19", "09:00") == .notPublished)
    }

    @Test func aNewHolidayNamesItsSpan() {
        let doctor = makeDoctor(holidays: [("2025-03-10", "2025-03-11"), ("2025-03-19", "2025-03-21")])
        #expect(reason(doctor, "2025-03-20", "09:00") == .holiday(DateSpan(first: day("2025-03-19"), last: day("2025-03-21"))!))
        #expect(reason(doctor, "2025-03-23", "09:00") == nil)
    }

    @Test func aDayNoLongerWorkedIsClosed() {
        let doctor = makeDoctor(hours: [.sun: ["08:00-12:00"]])
        #expect(reason(doctor, "2025-03-19", "09:00") == .dayClosed)
    }

    @Test func shorterHoursLeaveLaterSlotsOutside() {
        let doctor = makeDoctor(hours: [.wed: ["08:00-10:00", "14:00-15:00"]])
        let hours = [range("08:00", "10:00"), range("14:00", "15:00")]
        #expect(reason(doctor, "2025-03-19", "11:00") == .outsideHours(hours: hours))
        #expect(reason(doctor, "2025-03-19", "07:30") == .outsideHours(hours: hours))
        #expect(reason(doctor, "2025-03-19", "10:00") == .outsideHours(hours: hours))
        #expect(reason(doctor, "2025-03-19", "09:30") == nil)
    }

    @Test func anotherSlotLengthLeavesStartsOffTheGrid() {
        let hours = [range("08:00", "12:00"), range("13:00", "16:00")]
        #expect(reason(makeDoctor(slot: 20), "2025-03-19", "08:30") == .offGrid(minutes: 20, hours: hours))
        #expect(reason(makeDoctor(slot: 20), "2025-03-19", "09:00") == nil)
        // 11:30 is within the hours, but a 45-minute slot there would end at 12:15: the slots are 08:00 … 10:15.
        #expect(reason(makeDoctor(slot: 45), "2025-03-19", "11:30") == .offGrid(minutes: 45, hours: hours))
        // Hours that now end at 11:45 leave no 30-minute slot at 11:30 either.
        let earlier = makeDoctor(hours: [.wed: ["08:00-11:45"]])
        #expect(reason(earlier, "2025-03-19", "11:30") == .offGrid(minutes: 30, hours: [range("08:00", "11:45")]))
    }

    @Test func aBookingThatHasStartedIsLeftAlone() {
        // 07:00 now: this morning's 06:30 has started, 08:00 has not.
        #expect(reason(nil, "2025-03-18", "06:30") == nil)
        #expect(reason(nil, "2025-03-17", "09:00") == nil)
        #expect(reason(nil, "2025-03-18", "08:00") == .notPublished)
    }

    @Test func theRemovedDoctorComesBeforeTheHolidayAndTheHolidayBeforeTheHours() {
        let doctor = makeDoctor(hours: [.sun: ["08:00-12:00"]], holidays: [("2025-03-19", "2025-03-19")])
        #expect(reason(doctor, "2025-03-19", "09:00") == .holiday(DateSpan(first: day("2025-03-19"), last: day("2025-03-19"))!))
        #expect(reason(nil, "2025-03-19", "09:00") == .notPublished)
    }
}
