import Foundation

/// The part of a doctor's file the practice edits from /review: slot length, weekly hours and absences
/// (`slot:`, `hours:`, `holidays:`). `written(into:)` puts a plan into the file's text, every other byte as it
/// was; `token` tells two versions apart (the form carries the one it was filled from).
public struct DoctorPlan: Sendable, Equatable {
    public var slot: Int
    public var hours: WeeklyHours
    public var absences: [DateSpan]

    public init(slot: Int, hours: WeeklyHours, absences: [DateSpan]) {
        self.slot = slot
        self.hours = hours
        self.absences = absences.sorted { ($0.first, $0.hours?.start.minutes ?? -1) < ($1.first, $1.hours?.start.minutes ?? -1) }
    }

    public init(_ doctor: Doctor) {
        self.init(slot: doctor.slot, hours: doctor.hours, absences: doctor.holidays)
    }

    /// One line naming the whole plan, e.g. `20|sun 08:00-12:00 14:00-16:00|2027-01-01`.
    public var token: String {
        let days = Weekday.allCases.compactMap { day -> String? in
            let ranges = hours.ranges(on: day)
            return ranges.isEmpty ? nil : ([day.rawValue] + ranges.map(\.description)).joined(separator: " ")
        }
        return "\(slot)|\(days.joined(separator: ";"))|\(absences.map(\.description).joined(separator: ","))"
    }

    public static func == (a: DoctorPlan, b: DoctorPlan) -> Bool { a.token == b.token }

    /// `text` (a doctor's Markdown file) with this plan's `slot:`, `hours:` and `holidays:` (removed when there
    /// are no absences); nil if the file has no front matter. The days keep the file's order of the week (a
    /// file that starts with `sat:` goes on from Saturday) and its indentation.
    public func written(into text: String) -> String? {
        guard let edit = FrontMatterEdit(text: text) else { return nil }
        let oldHours = edit.block("hours") ?? []
        let indent = Self.indent(of: oldHours)
        let firstDay = oldHours.dropFirst().lazy.compactMap { line in
            Weekday(rawValue: line.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter }.lowercased())
        }.first ?? .sun
        let start = Weekday.allCases.firstIndex(of: firstDay)!
        let week = Weekday.allCases[start...] + Weekday.allCases[..<start]
        var hoursLines = ["hours:"]
        for day in week where !hours.ranges(on: day).isEmpty {
            hoursLines.append(indent + "\(day.rawValue): [" + hours.ranges(on: day).map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        }
        var holidayLines: [String]?
        if !absences.isEmpty {
            let oldHolidays = edit.block("holidays") ?? []
            if oldHolidays.count > 1 {  // written one per line: keep it so
                let itemIndent = oldHolidays[1].prefix { $0 == " " || $0 == "\t" }
                holidayLines = ["holidays:"] + absences.map { "\(itemIndent)- \"\($0)\"" }
            } else {
                holidayLines = ["holidays: [" + absences.map { "\"\($0)\"" }.joined(separator: ", ") + "]"]
            }
        }
        return edit.replacing([
            .init(key: "slot", lines: ["slot: \(slot)"]),
            .init(key: "hours", lines: hoursLines, after: "slot"),
            .init(key: "holidays", lines: holidayLines, after: "hours"),
        ])
    }

    /// The indentation of a block's second line (two spaces if it has none).
    private static func indent(of block: [String]) -> String {
        guard block.count > 1 else { return "  " }
        let indent = String(block[1].prefix { $0 == " " || $0 == "\t" })
        return indent.isEmpty ? "  " : indent
    }
}
