import MawidSite

/// One appointment start: a day and a wall-clock time in the site's time zone.
public struct Slot: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: LocalDate
    public var time: ClockTime

    public init(date: LocalDate, time: ClockTime) {
        self.date = date
        self.time = time
    }

    /// From stored or posted text: `2025-03-02` and `09:30`; nil if either does not read.
    public init?(date: some StringProtocol, time: some StringProtocol) {
        guard let date = LocalDate(date), let time = ClockTime(time) else { return nil }
        self.init(date: date, time: time)
    }

    public static func < (a: Slot, b: Slot) -> Bool { (a.date, a.time) < (b.date, b.time) }

    /// `2025-03-02 09:30`
    public var description: String { "\(date) \(time)" }
}

/// Why a requested slot cannot be booked.
public enum SlotProblem: String, Sendable, CaseIterable {
    /// Not a slot start inside the doctor's hours for that weekday.
    case notOnSchedule = "not_on_schedule"
    /// The doctor is away that day.
    case holiday
    /// The slot starts now or earlier.
    case past
    /// The day is beyond the booking horizon.
    case tooFarAhead = "too_far"
}
