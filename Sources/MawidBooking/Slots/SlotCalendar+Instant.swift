import Foundation
import MawidSite

extension SlotCalendar {
    /// The instant `slot` starts, in this calendar's time zone.
    public func instant(of slot: Slot) -> Date { Self.instant(of: slot, in: timeZone) }

    /// The instant `slot` starts in `timeZone`. A wall-clock time skipped by a daylight-saving jump
    /// resolves to the same time after the jump (02:30 on a 02:00→03:00 night is 03:30); a time that
    /// happens twice resolves to its first occurrence.
    public static func instant(of slot: Slot, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = DateComponents(year: slot.date.year, month: slot.date.month, day: slot.date.day,
                                   hour: slot.time.minutes / 60, minute: slot.time.minutes % 60)
        if let date = calendar.date(from: parts) { return date }
        // Not expected for a valid date; fall back to the zone's current offset.
        let utc = TimeInterval(slot.date.dayNumber * 86_400 + slot.time.minutes * 60)
        return Date(timeIntervalSince1970: utc - TimeInterval(timeZone.secondsFromGMT()))
    }
}
