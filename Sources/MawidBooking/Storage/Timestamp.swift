import Foundation
import MawidSite

/// ISO-8601 UTC timestamps to the second, e.g. `2025-03-18T08:30:00Z`, as stored in the database.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        let (day, second) = split(Int(date.timeIntervalSince1970.rounded(.down)))
        return "\(day)T\(clock(second))Z"
    }

    /// Seconds since 1970-01-01 00:00 (UTC, or local when shifted by the zone's offset) as a day and the
    /// second of that day (0..<86,400), rounding down before 1970 too.
    static func split(_ seconds: Int) -> (day: LocalDate, second: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (LocalDate(dayNumber: days), seconds - days * 86_400)
    }

    /// `HH:MM:SS` of a second of the day.
    static func clock(_ second: Int) -> String {
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
    }

    public static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = LocalDate(parts[0]), parts[1].count == 9, parts[1].hasSuffix("Z"),
              let time = ClockTime(parts[1].prefix(5)), let seconds = Int(parts[1].dropFirst(6).prefix(2))
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + time.minutes * 60 + seconds))
    }
}
