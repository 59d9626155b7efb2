import Foundation
import MawidSite

/// The hours form of /review (`ReviewPlanRoutes`) as posted: the slot length, each day's hours as typed
/// (`08:00-12:00, 14:00-17:00`; empty for a closed day), the absences to remove and one absence to add (a day,
/// a range of days, or hours of one day). Checked with `PlanRules`, the rules `mawid build` uses.
struct PlanForm {
    /// Field name → value, as posted (or as filled from the file).
    var values: [String: String]

    /// Where each error goes: the field's id in the page.
    typealias Errors = [(field: String, message: String)]

    static func hoursField(_ day: Weekday) -> String { "hours-\(day.rawValue)" }

    /// The form filled from a plan.
    init(_ plan: DoctorPlan) {
        values = ["slot": String(plan.slot)]
        for day in Weekday.allCases {
            values[Self.hoursField(day)] = plan.hours.ranges(on: day).map(\.description).joined(separator: ", ")
        }
    }

    init(values: [String: String]) { self.values = values }

    /// The absences ticked for removal, as written in the file.
    var removed: Set<String> {
        Set(values.filter { $0.key.hasPrefix("remove-") }.map(\.value))
    }

    /// The plan the form asks for over `current` (its absences less those removed, plus the new one), or what
    /// is wrong, field by field, in the words of `text` (`review.plan_error_*`).
    func plan(over current: DoctorPlan, text: (String, [String: String]) -> String) -> Result<DoctorPlan, ErrorList> {
        var errors: Errors = []
        let slot = Int(values["slot", default: ""].trimmingCharacters(in: .whitespaces))
        if slot == nil || !PlanRules.slotMinutes.contains(slot!) {
            errors.append(("slot", text("plan_error_slot", ["min": "\(PlanRules.slotMinutes.lowerBound)",
                                                              "max": "\(PlanRules.slotMinutes.upperBound)"])))
        }
        var days: [Weekday: [TimeRange]] = [:]
        for day in Weekday.allCases {
            switch PlanRules.day(Self.ranges(values[Self.hoursField(day)] ?? "")) {
            case .success(let ranges): days[day] = ranges
            case .failure(let problem): errors.append((Self.hoursField(day), Self.message(problem, text: text)))
            }
        }
        var absences = current.absences.filter { !removed.contains($0.description) }
        switch newAbsence(text: text) {
        case .success(let span?) where !absences.contains(span): absences.append(span)
        case .success: break
        case .failure(let error): errors.append(error.entry)
        }
        guard errors.isEmpty, let slot else { return .failure(ErrorList(entries: errors)) }
        return .success(DoctorPlan(slot: slot, hours: WeeklyHours(days), absences: absences))
    }

    struct ErrorList: Error { let entries: Errors }
    struct FieldError: Error { let entry: (field: String, message: String) }

    /// The absence typed in the "add" fields: nil when they are empty.
    func newAbsence(text: (String, [String: String]) -> String) -> Result<DateSpan?, FieldError> {
        func value(_ key: String) -> String { values[key, default: ""].trimmingCharacters(in: .whitespaces) }
        let from = value("new-from"), to = value("new-to"), start = value("new-start"), end = value("new-end")
        if from.isEmpty && to.isEmpty && start.isEmpty && end.isEmpty { return .success(nil) }
        guard let first = LocalDate(from) else { return .failure(FieldError(entry: ("new-from", text("plan_error_date", ["text": from])))) }
        var last = first
        if !to.isEmpty {
            guard let date = LocalDate(to) else { return .failure(FieldError(entry: ("new-to", text("plan_error_date", ["text": to])))) }
            last = date
        }
        if start.isEmpty && end.isEmpty {
            guard let span = DateSpan(first: first, last: last) else {
                return .failure(FieldError(entry: ("new-to", text("plan_error_backwards", ["text": "\(from) – \(to)"]))))
            }
            return .success(span)
        }
        guard last == first else { return .failure(FieldError(entry: ("new-start", text("plan_error_part_day", [:])))) }
        switch PlanRules.range("\(start)-\(end)") {
        case .success(let hours): return .success(DateSpan(date: first, hours: hours))
        case .failure(let problem): return .failure(FieldError(entry: (start.isEmpty ? "new-start" : "new-end", Self.message(problem, text: text))))
        }
    }

    /// `08:00 - 12:00, 14:00–17:00` → `["08:00-12:00", "14:00-17:00"]` (commas, semicolons or spaces between
    /// ranges; any dash within one).
    static func ranges(_ typed: String) -> [String] {
        let text = typed.replacingOccurrences(of: #"\s*[-–—]\s*"#, with: "-", options: .regularExpression)
        return text.split { $0 == "," || $0 == ";" || $0.isWhitespace }.map(String.init)
    }

    static func message(_ problem: PlanRules.Problem, text: (String, [String: String]) -> String) -> String {
        text("plan_error_\(problem.kind.rawValue)", ["text": problem.text])
    }
}
