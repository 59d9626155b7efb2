import Foundation
import MawidSite

/// Free appointment slots of a doctor, as seen at one instant in the site's time zone. Pure: no I/O.
public struct SlotCalendar: Sendable {
    /// How far ahead patients may book, by default.
    public static let defaultHorizonDays = 90
    /// The longest span one `freeSlots` query covers.
    public static let maxQueryDays = 31

    public let timeZone: TimeZone
    public let now: Date
    public let horizonDays: Int
    /// The current day in `timeZone`.
    public let today: LocalDate
    /// Minutes since local midnight now, seconds dropped.
    public let minutesNow: Int

    public init(timeZone: TimeZone, now: Date, horizonDays: Int = SlotCalendar.defaultHorizonDays) {
        self.timeZone = timeZone
        self.now = now
        self.horizonDays = max(0, horizonDays)
        // The zone's offset at that instant (DST included), then plain arithmetic: no Calendar per request.
        let (day, second) = Timestamp.split(Int(now.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: now))
        self.today = day
        self.minutesNow = second / 60
    }

    /// The time of day now in `timeZone`, e.g. 08:05 (`minutesNow` is always within the day).
    public var timeNow: ClockTime { ClockTime(minutes: minutesNow)! }

    /// The last day that can be booked: today + horizon.
    public var lastBookableDate: LocalDate { today.adding(days: horizonDays) }

    /// Free slots of `doctor` on `days` days from `from` (at most `maxQueryDays`), in order, without `taken`.
    public func freeSlots(for doctor: Doctor, from: LocalDate, days: Int, taken: Set<Slot> = []) -> [Slot] {
        let count = min(max(days, 0), Self.maxQueryDays)
        var slots: [Slot] = []
        for offset in 0..<count {
            let date = from.adding(days: offset)
            guard date >= today, date <= lastBookableDate, !doctor.isOnHoliday(date) else { continue }
            for range in doctor.hours.ranges(on: date.weekday) {
                for time in Self.starts(in: range, every: doctor.slot) {
                    let slot = Slot(date: date, time: time)
                    if !isPast(slot), !taken.contains(slot), doctor.absence(on: date, at: time) == nil { slots.append(slot) }
                }
            }
        }
        return slots.sorted()
    }

    /// Why `slot` cannot be booked with `doctor`, or nil if it can (taken slots are not checked here).
    public func problem(with slot: Slot, for doctor: Doctor) -> SlotProblem? {
        if isPast(slot) { return .past }
        if slot.date > lastBookableDate { return .tooFarAhead }
        return Self.planProblem(with: slot, for: doctor)
    }

    /// Why `slot` is not in `doctor`'s plan whatever the time now (`holiday` or `notOnSchedule`), or nil if
    /// it is one of the doctor's slot starts: the part of `problem` that `PlanCheck` asks of stored bookings.
    public static func planProblem(with slot: Slot, for doctor: Doctor) -> SlotProblem? {
        if doctor.absence(on: slot.date, at: slot.time) != nil { return .holiday }
        let onSchedule = doctor.hours.ranges(on: slot.date.weekday).contains {
            isStart(slot.time, in: $0, every: doctor.slot)
        }
        return onSchedule ? nil : .notOnSchedule
    }

    /// True if `time` is one of `starts(in: range, every: minutes)`, without listing them.
    static func isStart(_ time: ClockTime, in range: TimeRange, every minutes: Int) -> Bool {
        let offset = time.minutes - range.start.minutes
        return minutes > 0 && offset >= 0 && offset % minutes == 0 && time.minutes + minutes <= range.end.minutes
    }

    /// True if the slot does not start strictly after now.
    public func isPast(_ slot: Slot) -> Bool {
        slot.date < today || (slot.date == today && slot.time.minutes <= minutesNow)
    }

    /// `range.start + k * minutes` for every k with the slot ending by `range.end`.
    public static func starts(in range: TimeRange, every minutes: Int) -> [ClockTime] {
        guard minutes > 0 else { return [] }
        return stride(from: range.start.minutes, through: range.end.minutes - minutes, by: minutes)
            .compactMap { ClockTime(minutes: $0) }
    }
}
