import Foundation
import MawidSite

/// ISO-8601 UTC timestamps to the second, e.g. `2025-03-18T08:30:00Z`, as stored in the database.
enum Timestamp {
    static func string(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(LocalDate(dayNumber: days))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = LocalDate(parts[0]), parts[1].count == 9, parts[1].hasSuffix("Z"),
              let time = ClockTime(parts[1].prefix(5)), let seconds = Int(parts[1].dropFirst(6).prefix(2))
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + time.minutes * 60 + seconds))
    }
}
