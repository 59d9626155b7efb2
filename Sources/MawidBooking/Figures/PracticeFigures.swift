import Foundation
import GRDB
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
    /// Whole days from the request to the visit, median (nil without bookings).
    public var medianLeadDays: Int?

    /// Missed visits among those that took place or were missed; nil before any.
    public var noShowRate: Double? {
        let done = byStatus[.done, default: 0], missed = byStatus[.noShow, default: 0]
        return done + missed == 0 ? nil : Double(missed) / Double(done + missed)
    }

    /// Bookings the practice confirmed at some point: confirmed, done or missed.
    public var confirmed: Int { byStatus[.confirmed, default: 0] + byStatus[.done, default: 0] + byStatus[.noShow, default: 0] }

    public var cancelled: Int { byStatus[.cancelled, default: 0] }
}

extension BookingStore {
    /// The figures of the visible doctors' bookings with a visit from `from` through `through` (see
    /// `PracticeFigures`): a few aggregate queries over the slot index, no booking read one by one.
    public func figures(doctors: [String]?, from: LocalDate, through: LocalDate) async throws -> PracticeFigures {
        guard let visible = DoctorFilter(doctors) else { return PracticeFigures(from: from, through: through) }
        let range = "\(visible.sql) AND date BETWEEN ? AND ?"
        let arguments = StatementArguments(visible.arguments + [from.description, through.description])
        return try await database.dbWriter.read { db in
            var figures = PracticeFigures(from: from, through: through)
            var leads: [Int: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT status, source, strftime('%w', date) AS weekday, CAST(substr(time, 1, 2) AS INTEGER) AS hour,
                       CAST(julianday(date || ' ' || time) - julianday(substr(createdAt, 1, 19)) AS INTEGER) AS lead,
                       count(*) AS n
                FROM booking WHERE \(range)
                GROUP BY status, source, weekday, hour, lead
                """, arguments: arguments) {
                let n: Int = row["n"]
                figures.requests += n
                if let status = BookingStatus(rawValue: row["status"]) { figures.byStatus[status, default: 0] += n }
                if row["source"] as String == BookingSource.phone.rawValue { figures.phone += n } else { figures.web += n }
                if let index = Int(row["weekday"] as String), Weekday.allCases.indices.contains(index) {
                    figures.byWeekday[Weekday.allCases[index], default: 0] += n
                }
                figures.byHour[row["hour"], default: 0] += n
                leads[max(0, row["lead"] as Int), default: 0] += n
            }
            figures.medianLeadDays = Self.median(leads)
            // Who cancelled: the actor of the last move to `cancelled`.
            for row in try Row.fetchAll(db, sql: """
                SELECT (SELECT actor FROM auditEvent WHERE bookingId = booking.id AND toStatus = 'cancelled'
                        ORDER BY id DESC LIMIT 1) = ? AS byPatient, count(*) AS n
                FROM booking WHERE status = 'cancelled' AND \(range)
                GROUP BY byPatient
                """, arguments: StatementArguments([AuditEvent.patientActor]) + arguments) {
                if row["byPatient"] as Bool? == true {
                    figures.cancelledByPatient += row["n"] as Int
                } else {
                    figures.cancelledByPractice += row["n"] as Int
                }
            }
            return figures
        }
    }

    /// The middle value of a histogram (value → count).
    static func median(_ histogram: [Int: Int]) -> Int? {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return nil }
        var seen = 0
        for (value, count) in histogram.sorted(by: { $0.key < $1.key }) {
            seen += count
            if seen * 2 >= total { return value }
        }
        return nil
    }
}
