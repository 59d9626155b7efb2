import MawidSite

/// Whether a booking still fits its doctor's current plan (published, hours, slot length, holidays), and if
/// not, why. When a doctor's Markdown changes, bookings made under the old plan are checked against the new
/// one: those that no longer fit wait in the practice's inbox until it moves or cancels them. Pure: no I/O.
///
/// Only bookings still to come count: an active status (`BookingStatus.slotHolding`: pending, confirmed,
/// proposed) and a start after `calendar.now`. The booking horizon does not: a booking made before the
/// horizon was shortened still fits.
public struct PlanCheck: Sendable {
    /// Why a booking no longer fits.
    public enum Reason: Sendable, Hashable {
        /// The doctor is no longer published: removed from `content/doctors/`, or set to draft.
        case notPublished
        /// The visit falls in this absence of the doctor (a holiday, or part of the day).
        case holiday(DateSpan)
        /// The doctor no longer works on this day of the week.
        case dayClosed
        /// The time is not within the day's hours; `hours` are the day's hours now.
        case outsideHours(hours: [TimeRange])
        /// Within the day's hours, but no longer a slot start: slots are now `minutes` long from the start of
        /// each range of `hours`, ending by its end (the slot length changed, or a range's start or end moved).
        case offGrid(minutes: Int, hours: [TimeRange])
    }

    /// The doctors patients can book now, by slug (`Endpoint.doctors`, `Content.bookableDoctors`): a doctor
    /// missing from it is not published. A draft in it counts as published (`mawid serve --drafts`).
    public let doctors: [String: Doctor]
    /// Now and the site's time zone.
    public let calendar: SlotCalendar

    public init(doctors: [String: Doctor], calendar: SlotCalendar) {
        self.doctors = doctors
        self.calendar = calendar
    }

    /// Why a booking of `doctor` at `slot` no longer fits, or nil if it fits or has started.
    public func reason(doctor slug: String, slot: Slot) -> Reason? {
        guard !calendar.isPast(slot) else { return nil }
        guard let doctor = doctors[slug] else { return .notPublished }
        guard SlotCalendar.planProblem(with: slot, for: doctor) != nil else { return nil }
        if let span = doctor.absence(on: slot.date, at: slot.time) { return .holiday(span) }
        let hours = doctor.hours.ranges(on: slot.date.weekday)
        if hours.isEmpty { return .dayClosed }
        let inside = hours.contains { $0.start <= slot.time && slot.time < $0.end }
        return inside ? .offGrid(minutes: doctor.slot, hours: hours) : .outsideHours(hours: hours)
    }

    /// Why `booking` no longer fits, or nil if it fits, has started or is no longer active.
    public func reason(_ booking: StoredBooking) -> Reason? {
        guard booking.status.holdsSlot else { return nil }
        return reason(doctor: booking.request.doctor, slot: booking.request.slot)
    }
}
