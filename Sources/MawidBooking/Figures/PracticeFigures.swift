import Foundation
import MawidSite

/// How a practice is doing over a period: the bookings whose visit falls in it, of the doctors an account
/// may see (one doctor, or the whole network for an admin). What `/review/figures` draws and lists.
public struct PracticeFigures: Sendable, Equatable {
    public var from: LocalDate
    public var through: LocalDate
    /// Every booking with a visit in the period, whatever became of it.
    public var requests = 0
    /// By status now (`confirmed` includes those since done or missed: every booking the practice accepted).
    public var byStatus: [BookingStatus: Int] = [:]
    public var cancelledByPatient = 0
    public var cancelledByPractice = 0
    /// Made on the website, or by the office for a phone call.
    public var web = 0
    public var phone = 0
    /// Visits by weekday and by hour of the day (`09` for 09:00–09:59).
    public var byWeekday: [Weekday: Int] = [:]
    public var byHour: [Int: Int] = [:]
    /// Bookings by whole days from the request to the visit (0 when made after it).
    public var byLeadDays: [Int: Int] = [:]

    public init(from: LocalDate, through: LocalDate) {
        self.from = from
        self.through = through
    }

    /// Whole days from the request to the visit, median (nil without bookings).
    public var medianLeadDays: Int? {
        let total = byLeadDays.values.reduce(0, +)
        guard total > 0 else { return nil }
        var seen = 0
        for (days, count) in byLeadDays.sorted(by: { $0.key < $1.key }) {
            seen += count
            if seen * 2 >= total { return days }
        }
        return nil
    }

    /// Missed visits among those that took place or were missed; nil before any.
    public var noShowRate: Double? {
        let done = byStatus[.done, default: 0], missed = byStatus[.noShow, default: 0]
        return done + missed == 0 ? nil : Double(missed) / Double(done + missed)
    }

    /// Bookings the practice confirmed at some point: confirmed, done or missed.
    public var confirmed: Int { byStatus[.confirmed, default: 0] + byStatus[.done, default: 0] + byStatus[.noShow, default: 0] }

    public var cancelled: Int { byStatus[.cancelled, default: 0] }

    /// Adds `other`'s counts (another doctor's, or more bookings of the same period).
    public mutating func add(_ other: PracticeFigures) {
        requests += other.requests
        byStatus.merge(other.byStatus, uniquingKeysWith: +)
        cancelledByPatient += other.cancelledByPatient
        cancelledByPractice += other.cancelledByPractice
        web += other.web
        phone += other.phone
        byWeekday.merge(other.byWeekday, uniquingKeysWith: +)
        byHour.merge(other.byHour, uniquingKeysWith: +)
        byLeadDays.merge(other.byLeadDays, uniquingKeysWith: +)
    }
}

extension BookingStore {
    /// The figures of the visible doctors' bookings with a visit from `from` through `through` (see
    /// `PracticeFigures`; `doctors` nil: every booking, the whole network). From the summary kept by
    /// `Schema.v15` and `FiguresCounter`, plus the bookings not counted there yet, read directly; all in one
    /// snapshot.
    public func figures(doctors: [String]?, from: LocalDate, through: LocalDate) async throws -> PracticeFigures {
        try await figuresByDoctor(doctors: doctors, from: from, through: through, perDoctor: false).first?.value
            ?? PracticeFigures(from: from, through: through)
    }

    /// The same, for each visible doctor with a booking in the period (by slug; a doctor no longer in the
    /// content too, when `doctors` is nil).
    public func figuresPerDoctor(doctors: [String]?, from: LocalDate, through: LocalDate) async throws -> [String: PracticeFigures] {
        try await figuresByDoctor(doctors: doctors, from: from, through: through, perDoctor: true)
    }

    /// - Parameter direct: count every booking from `booking`, not from the summary (the tests compare both).
    func figuresByDoctor(doctors: [String]?, from: LocalDate, through: LocalDate, perDoctor: Bool,
                         direct: Bool = false) async throws -> [String: PracticeFigures] {
        guard let visible = DoctorFilter(doctors) else { return [:] }
        let query = FiguresQuery(visible: visible, from: from, through: through, perDoctor: perDoctor)
        return try await database.engine.read { db in try query.run(db, direct: direct) }
    }
}
