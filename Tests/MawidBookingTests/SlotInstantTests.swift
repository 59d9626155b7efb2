import Foundation
import MawidSite
import Testing
@testable import MawidBooking

/// When a slot starts, as an instant: the site's time zone decides.
@Suite struct SlotInstantTests {
    @Test func algiersIsOneHourAheadOfUTC() {
        let calendar = SlotCalendar(timeZone: algiers, now: instant("2025-03-18T06:00:00Z"))
        #expect(calendar.instant(of: slot("2025-03-19", "09:00")) == instant("2025-03-19T08:00:00Z"))
        #expect(calendar.instant(of: slot("2025-07-01", "00:00")) == instant("2025-06-30T23:00:00Z"))
        #expect(calendar.instant(of: slot("2025-12-31", "23:30")) == instant("2025-12-31T22:30:00Z"))
    }

    @Test func parisFollowsDaylightSaving() {
        #expect(SlotCalendar.instant(of: slot("2025-03-28", "09:00"), in: paris) == instant("2025-03-28T08:00:00Z"))
        #expect(SlotCalendar.instant(of: slot("2025-03-31", "09:00"), in: paris) == instant("2025-03-31T07:00:00Z"))
        // 02:30 does not exist on 2025-03-30: it is read as 03:30 summer time.
        #expect(SlotCalendar.instant(of: slot("2025-03-30", "02:30"), in: paris) == instant("2025-03-30T01:30:00Z"))
        // 02:30 happens twice on 2025-10-26: the first time, still summer time.
        #expect(SlotCalendar.instant(of: slot("2025-10-26", "02:30"), in: paris) == instant("2025-10-26T00:30:00Z"))
    }

    @Test func roundTripWithTheCalendarsToday() {
        let now = instant("2025-06-30T22:30:00Z")
        for zone in [algiers, paris, TimeZone(identifier: "Asia/Tokyo")!, TimeZone(identifier: "America/New_York")!] {
            let calendar = SlotCalendar(timeZone: zone, now: now)
            let start = Slot(date: calendar.today, time: ClockTime(minutes: calendar.minutesNow)!)
            #expect(calendar.instant(of: start) == instant("2025-06-30T22:30:00Z"), "\(zone.identifier)")
        }
    }
}
