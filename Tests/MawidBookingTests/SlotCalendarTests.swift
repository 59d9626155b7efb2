import Foundation
import MawidSite
import Testing
@testable import MawidBooking

@Suite struct SlotCalendarTests {
    // 2025-03-18 is a Tuesday; Algiers is UTC+1 all year.
    let tuesdayMorning = SlotCalendar(timeZone: algiers, now: instant("2025-03-18T06:00:00Z"))

    @Test func startsEverySlotThatEndsInTheRange() {
        let range = TimeRange(start: clock("08:00"), end: clock("09:50"))!
        #expect(SlotCalendar.starts(in: range, every: 20).map(\.description) == ["08:00", "08:20", "08:40", "09:00", "09:20"])
        #expect(SlotCalendar.starts(in: range, every: 110).map(\.description) == ["08:00"])
        #expect(SlotCalendar.starts(in: range, every: 111).isEmpty)
        #expect(SlotCalendar.starts(in: range, every: 0).isEmpty)
    }

    @Test func aTimeIsAStartExactlyWhenTheListHasIt() throws {
        let ranges = [("08:00", "09:50"), ("13:30", "17:00"), ("00:00", "23:59"), ("10:05", "10:20")]
        for (start, end) in ranges {
            let range = try #require(TimeRange(start: clock(start), end: clock(end)))
            for every in [0, 7, 15, 20, 30, 110, 111] {
                let listed = Set(SlotCalendar.starts(in: range, every: every).map(\.minutes))
                for minute in 0..<(24 * 60) {
                    let time = try #require(ClockTime(minutes: minute))
                    #expect(SlotCalendar.isStart(time, in: range, every: every) == listed.contains(minute),
                            "\(time) in \(range) every \(every)")
                }
            }
        }
    }

    @Test func aPartOfADayAwayTakesOnlyTheSlotsItOverlaps() throws {
        let away = DateSpan(date: LocalDate("2025-03-18")!, hours: TimeRange(start: clock("09:15"), end: clock("10:00"))!)
        let doctor = Doctor(slug: "amina-haddad", name: "Dr Amina Haddad", specialties: ["cardiologie"], wilaya: "Alger", city: "Alger",
                            address: "1 rue", phone: "0550 12 34 56", languages: ["fr"], experience: 1, slot: 30,
                            hours: WeeklyHours([.tue: [TimeRange(start: clock("08:00"), end: clock("11:00"))!]]), holidays: [away])
        let calendar = SlotCalendar(timeZone: algiers, now: instant("2025-03-17T06:00:00Z"))
        let slots = calendar.freeSlots(for: doctor, from: LocalDate("2025-03-18")!, days: 1).map(\.time.description)
        #expect(slots == ["08:00", "08:30", "10:00", "10:30"])
        #expect(calendar.problem(with: slot("2025-03-18", "09:00"), for: doctor) == .holiday)
        #expect(calendar.problem(with: slot("2025-03-18", "10:00"), for: doctor) == nil)
        #expect(PlanCheck(doctors: ["amina-haddad": doctor], calendar: calendar).reason(doctor: "amina-haddad", slot: slot("2025-03-18", "09:30")) == .holiday(away))
    }

    @Test func oneDayHasEveryRange() {
        let slots = tuesdayMorning.freeSlots(for: makeDoctor(), from: day("2025-03-18"), days: 1)
        #expect(slots.count == 8 + 6)
        #expect(slots.first == slot("2025-03-18", "08:00"))
        #expect(slots.last == slot("2025-03-18", "15:30"))
        #expect(!slots.contains(slot("2025-03-18", "12:00")))
        #expect(slots == slots.sorted())
    }

    @Test func weekendIsSkippedAcrossTheWeekBoundary() {
        // Thursday to Sunday: Friday and Saturday are closed.
        let slots = tuesdayMorning.freeSlots(for: makeDoctor(), from: day("2025-03-20"), days: 4)
        #expect(Set(slots.map(\.date)) == [day("2025-03-20"), day("2025-03-23")])
    }

    @Test func yearBoundary() {
        // 10:00 in Algiers on Tuesday 2025-12-30.
        let calendar = SlotCalendar(timeZone: algiers, now: instant("2025-12-30T09:00:00Z"))
        let slots = calendar.freeSlots(for: makeDoctor(), from: day("2025-12-30"), days: 5)
        #expect(Set(slots.map(\.date)) == [day("2025-12-30"), day("2025-12-31"), day("2026-01-01")])
        #expect(slots.first == slot("2025-12-30", "10:30"))
    }

    @Test func holidaysSpanningMonthsAreSkipped() {
        let doctor = makeDoctor(holidays: [("2025-04-28", "2025-05-04")])
        let calendar = SlotCalendar(timeZone: algiers, now: instant("2025-04-20T06:00:00Z"))
        let dates = Set(calendar.freeSlots(for: doctor, from: day("2025-04-27"), days: 9).map(\.date))
        #expect(dates == [day("2025-04-27"), day("2025-05-05")])
        #expect(calendar.problem(with: slot("2025-05-01", "09:00"), for: doctor) == .holiday)
        #expect(calendar.problem(with: slot("2025-05-05", "09:00"), for: doctor) == nil)
    }

    @Test func slotsNotStrictlyAfterNowArePast() {
        let doctor = makeDoctor()
        // 10:00:00 local: the 10:00 slot has started.
        let atTen = SlotCalendar(timeZone: algiers, now: instant("2025-03-18T09:00:00Z"))
        #expect(atTen.freeSlots(for: doctor, from: day("2025-03-18"), days: 1).first == slot("2025-03-18", "10:30"))
        #expect(atTen.problem(with: slot("2025-03-18", "10:00"), for: doctor) == .past)
        #expect(atTen.problem(with: slot("2025-03-17", "15:00"), for: doctor) == .past)
        // 09:59:59 local: 10:00 is still ahead.
        let justBefore = SlotCalendar(timeZone: algiers, now: instant("2025-03-18T08:59:59Z"))
        #expect(justBefore.freeSlots(for: doctor, from: day("2025-03-18"), days: 1).first == slot("2025-03-18", "10:00"))
        // Asking from a past day still starts at today.
        #expect(atTen.freeSlots(for: doctor, from: day("2025-03-10"), days: 10).first == slot("2025-03-18", "10:30"))
    }

    @Test func horizonLimitsTheLastDay() {
        let calendar = SlotCalendar(timeZone: algiers, now: instant("2025-03-18T06:00:00Z"), horizonDays: 9)
        #expect(calendar.lastBookableDate == day("2025-03-27"))
        let dates = Set(calendar.freeSlots(for: makeDoctor(), from: day("2025-03-25"), days: 10).map(\.date))
        #expect(dates == [day("2025-03-25"), day("2025-03-26"), day("2025-03-27")])
        #expect(calendar.problem(with: slot("2025-03-27", "15:30"), for: makeDoctor()) == nil)
        #expect(calendar.problem(with: slot("2025-03-30", "08:00"), for: makeDoctor()) == .tooFarAhead)
        #expect(SlotCalendar(timeZone: algiers, now: .now).horizonDays == 90)
    }

    @Test func queriesAreCappedAt31Days() {
        let slots = tuesdayMorning.freeSlots(for: makeDoctor(), from: day("2025-03-18"), days: 365)
        #expect(slots.last!.date == day("2025-04-17"))  // 2025-03-18 + 30 days, a Thursday
        #expect(tuesdayMorning.freeSlots(for: makeDoctor(), from: day("2025-03-18"), days: -3).isEmpty)
        #expect(tuesdayMorning.freeSlots(for: makeDoctor(), from: day("2025-03-18"), days: 0).isEmpty)
    }

    @Test func takenSlotsAreRemoved() {
        let taken: Set = [slot("2025-03-18", "08:00"), slot("2025-03-18", "13:30"), slot("2025-03-19", "09:00")]
        let slots = tuesdayMorning.freeSlots(for: makeDoctor(), from: day("2025-03-18"), days: 2, taken: taken)
        #expect(slots.count == 28 - 3)
        #expect(taken.isDisjoint(with: slots))
    }

    @Test func problemsOfOneRequestedSlot() {
        let doctor = makeDoctor(holidays: [("2025-03-25", "2025-03-25")])
        let calendar = tuesdayMorning
        #expect(calendar.problem(with: slot("2025-03-19", "08:30"), for: doctor) == nil)
        #expect(calendar.problem(with: slot("2025-03-19", "08:15"), for: doctor) == .notOnSchedule)  // off the grid
        #expect(calendar.problem(with: slot("2025-03-19", "12:00"), for: doctor) == .notOnSchedule)  // between ranges
        #expect(calendar.problem(with: slot("2025-03-19", "15:45"), for: doctor) == .notOnSchedule)  // would end late
        #expect(calendar.problem(with: slot("2025-03-21", "09:00"), for: doctor) == .notOnSchedule)  // Friday
        #expect(calendar.problem(with: slot("2025-03-25", "09:00"), for: doctor) == .holiday)
        #expect(calendar.problem(with: slot("2025-03-18", "06:30"), for: doctor) == .past)
        #expect(calendar.problem(with: slot("2025-07-01", "09:00"), for: doctor) == .tooFarAhead)
    }

    @Test func doctorWithoutSlotLengthHasNoSlots() {
        #expect(tuesdayMorning.freeSlots(for: makeDoctor(slot: 0), from: day("2025-03-18"), days: 7).isEmpty)
    }
}

/// Europe/Paris moves its clocks; "now" must follow the zone's offset at that instant.
@Suite struct DaylightSavingTests {
    let everyDay = makeDoctor(hours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, ["01:00-05:00", "08:00-12:00"]) }))

    @Test func winterAndSummerOffsets() {
        // 07:10 UTC is 08:10 in winter (UTC+1) and 09:10 in summer (UTC+2).
        let winter = SlotCalendar(timeZone: paris, now: instant("2025-03-28T07:10:00Z"))
        #expect(winter.freeSlots(for: everyDay, from: winter.today, days: 1).first == slot("2025-03-28", "08:30"))
        let summer = SlotCalendar(timeZone: paris, now: instant("2025-03-31T07:10:00Z"))
        #expect(summer.freeSlots(for: everyDay, from: summer.today, days: 1).first == slot("2025-03-31", "09:30"))
    }

    @Test func springForwardDay() {
        // 01:30 UTC on 2025-03-30 is 03:30 in Paris (clocks jumped from 02:00 to 03:00 at 01:00 UTC).
        let calendar = SlotCalendar(timeZone: paris, now: instant("2025-03-30T01:30:00Z"))
        #expect(calendar.today == day("2025-03-30"))
        #expect(calendar.minutesNow == 3 * 60 + 30)
        #expect(calendar.freeSlots(for: everyDay, from: calendar.today, days: 1).first == slot("2025-03-30", "04:00"))
    }

    @Test func fallBackDay() {
        // 01:30 UTC on 2025-10-26 is 02:30 in Paris (clocks went back from 03:00 to 02:00 at 01:00 UTC).
        let calendar = SlotCalendar(timeZone: paris, now: instant("2025-10-26T01:30:00Z"))
        #expect(calendar.minutesNow == 2 * 60 + 30)
        #expect(calendar.freeSlots(for: everyDay, from: calendar.today, days: 1).first == slot("2025-10-26", "03:00"))
    }

    @Test func localMidnightDecidesToday() {
        // 22:30 UTC on 2025-06-30 is already July 1st in Paris, still June 30th in Algiers.
        let now = instant("2025-06-30T22:30:00Z")
        #expect(SlotCalendar(timeZone: paris, now: now).today == day("2025-07-01"))
        #expect(SlotCalendar(timeZone: algiers, now: now).today == day("2025-06-30"))
    }
}
