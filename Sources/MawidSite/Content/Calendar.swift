import Foundation

/// A calendar date without time zone (a day in the site's time zone).
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        guard let parts = digitGroups(text, separator: "-", widths: [4...4, 2...2, 2...2]) else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// Days since 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 4) % 7  // 0 = Sunday
        return Weekday.allCases[index]
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Days of the week, in Algeria's order (the week starts on Sunday).
public enum Weekday: String, CaseIterable, Sendable, Comparable {
    case sun, mon, tue, wed, thu, fri, sat

    public static func < (a: Weekday, b: Weekday) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A wall-clock time of day, in minutes since midnight.
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutes: Int

    public init?(minutes: Int) {
        guard (0...(24 * 60)).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Parses `HH:MM` (24-hour clock; `24:00` allowed as an end time).
    public init?(_ text: some StringProtocol) {
        guard let parts = digitGroups(text, separator: ":", widths: [1...2, 2...2]) else { return nil }
        let h = parts[0], m = parts[1]
        guard (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        self.minutes = h * 60 + m
    }

    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
}

/// Opening hours on one day, e.g. 08:30-12:00.
public struct TimeRange: Hashable, Sendable, CustomStringConvertible {
    public let start: ClockTime
    public let end: ClockTime

    public init?(start: ClockTime, end: ClockTime) {
        guard start < end else { return nil }
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)-\(end)" }
}

/// A doctor's weekly plan of consultation hours.
public struct WeeklyHours: Hashable, Sendable {
    public let days: [Weekday: [TimeRange]]

    public init(_ days: [Weekday: [TimeRange]]) { self.days = days.filter { !$0.value.isEmpty } }

    public func ranges(on day: Weekday) -> [TimeRange] { days[day] ?? [] }

    /// Days with at least one range, in week order.
    public var openDays: [Weekday] { Weekday.allCases.filter { days[$0] != nil } }
}

/// An absence (`holidays:` in a doctor's file): one day, an inclusive range of days, or part of one day
/// (`hours`, e.g. "2026-12-24 14:00-18:00").
public struct DateSpan: Hashable, Sendable, CustomStringConvertible {
    public let first: LocalDate
    public let last: LocalDate
    /// The part of the day the doctor is away; nil: the whole day(s).
    public let hours: TimeRange?

    public init?(first: LocalDate, last: LocalDate) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
        self.hours = nil
    }

    /// Part of one day.
    public init(date: LocalDate, hours: TimeRange) {
        self.first = date
        self.last = date
        self.hours = hours
    }

    /// True if the doctor is away on `date`, the whole day or part of it.
    public func contains(_ date: LocalDate) -> Bool { first <= date && date <= last }

    public var isWholeDays: Bool { hours == nil }

    /// True if a visit of `minutes` from `time` on `date` falls (even partly) in the absence.
    public func covers(_ date: LocalDate, _ time: ClockTime, minutes: Int) -> Bool {
        guard contains(date) else { return false }
        guard let hours else { return true }
        return time.minutes < hours.end.minutes && hours.start.minutes < time.minutes + max(minutes, 1)
    }

    /// As written in a doctor's file: `2026-12-24`, `2026-12-24..2026-12-31` or `2026-12-24 14:00-18:00`.
    public var description: String {
        if let hours { return "\(first) \(hours)" }
        return first == last ? first.description : "\(first)..\(last)"
    }

    /// Parses `description`'s forms (spaces around `..` and the hours allowed); nil with what is wrong.
    public static func parse(_ text: String) -> Result<DateSpan, PlanRules.Problem> {
        let text = text.trimmingCharacters(in: .whitespaces)
        let bad = PlanRules.Problem(.notDate, text, "\"\(text)\" is not a date, a range of dates or a date with hours",
                                    suggestion: "write YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD or YYYY-MM-DD HH:MM-HH:MM, e.g. \"2026-12-24\"")
        if !text.contains(".."), let space = text.firstIndex(of: " ") {
            guard let date = LocalDate(text[..<space]) else { return .failure(bad) }
            switch PlanRules.range(String(text[space...])) {
            case .success(let hours): return .success(DateSpan(date: date, hours: hours))
            case .failure(let problem): return .failure(problem)
            }
        }
        let parts = text.components(separatedBy: "..")
        let first = LocalDate(parts[0].trimmingCharacters(in: .whitespaces))
        let last = parts.count == 2 ? LocalDate(parts[1].trimmingCharacters(in: .whitespaces)) : first
        guard parts.count <= 2, let first, let last else { return .failure(bad) }
        guard let span = DateSpan(first: first, last: last) else {
            return .failure(.init(.backwards, text, "\"\(text)\" ends before it starts", suggestion: "write the earlier date first"))
        }
        return .success(span)
    }
}

/// The rules of a doctor's plan (slot length, hours, absences) that `mawid build` and the hours form in
/// /review share, so a form never accepts what a build would refuse.
public enum PlanRules {
    /// Minutes per appointment allowed in `slot:`.
    public static let slotMinutes = 5...240

    /// What is wrong with a value, and how to write it (in English, for `mawid build`; `kind` and `text` let
    /// a form say it in its own language).
    public struct Problem: Error, Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// Not `HH:MM-HH:MM`, or not a date (with or without hours).
            case notRange = "not_range", notDate = "not_date"
            /// The end comes before the start.
            case backwards
            /// Two ranges of one day overlap.
            case overlap
        }

        public let kind: Kind
        /// The value as written.
        public let text: String
        public let message: String
        public let suggestion: String

        public init(_ kind: Kind, _ text: String, _ message: String, suggestion: String) {
            self.kind = kind
            self.text = text
            self.message = message
            self.suggestion = suggestion
        }
    }

    /// `08:30-12:00` (spaces allowed around the dash).
    public static func range(_ text: String) -> Result<TimeRange, Problem> {
        let text = text.trimmingCharacters(in: .whitespaces)
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard bounds.count == 2, let start = ClockTime(bounds[0]), let end = ClockTime(bounds[1]) else {
            return .failure(.init(.notRange, text, "\"\(text)\" is not a range of hours", suggestion: "write it as HH:MM-HH:MM, e.g. \"08:30-12:00\""))
        }
        guard let range = TimeRange(start: start, end: end) else {
            return .failure(.init(.backwards, text, "\"\(text)\" ends before it starts", suggestion: "write the earlier time first"))
        }
        return .success(range)
    }

    /// One day's ranges, sorted; a problem for the first range that is wrong or overlaps another.
    public static func day(_ texts: [String]) -> Result<[TimeRange], Problem> {
        var ranges: [TimeRange] = []
        for text in texts {
            switch range(text) {
            case .failure(let problem): return .failure(problem)
            case .success(let range):
                if let clash = ranges.first(where: { $0.start < range.end && range.start < $0.end }) {
                    let text = text.trimmingCharacters(in: .whitespaces)
                    return .failure(.init(.overlap, text, "\"\(text)\" overlaps \"\(clash)\"", suggestion: "merge the two ranges"))
                }
                ranges.append(range)
            }
        }
        return .success(ranges.sorted { $0.start < $1.start })
    }
}

/// The numbers in `text` when it is exactly `widths.count` groups of ASCII digits, of those widths,
/// separated by `separator` ("2025-03-18", "09:30"); nil otherwise. No sign, no spaces.
func digitGroups(_ text: some StringProtocol, separator: Unicode.Scalar, widths: [ClosedRange<Int>]) -> [Int]? {
    var numbers: [Int] = []
    numbers.reserveCapacity(widths.count)
    var value = 0, width = 0
    for byte in text.utf8 {
        if byte == UInt8(separator.value) {
            guard numbers.count < widths.count - 1, widths[numbers.count].contains(width) else { return nil }
            numbers.append(value)
            value = 0
            width = 0
        } else {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            width += 1
            guard width <= 4 else { return nil }
        }
    }
    guard numbers.count == widths.count - 1, widths[numbers.count].contains(width) else { return nil }
    numbers.append(value)
    return numbers
}
