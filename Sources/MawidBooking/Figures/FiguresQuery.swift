import Foundation
import MawidStorage
import MawidSite

/// The reads behind `BookingStore.figures`, in one read transaction: the summary tables of `Schema.v15` for the
/// bookings up to `BookingCursor.figures`, then the bookings after it from `booking` itself (a range of ids,
/// normally the last few seconds' bookings). A year of 50 doctors is ~14,000 day rows, ~70,000 hour rows and
/// one lead-time row per doctor, date and distinct lead (~200,000 at 20 bookings a day asked 0–30 days ahead).
/// The hour and lead rows are read in key order (doctor, then hour or lead), every date's, the period's kept:
/// no sort, but each year of history adds to the network's time (see docs/SPEED.md).
struct FiguresQuery {
    var visible: DoctorFilter
    var from: LocalDate
    var through: LocalDate
    /// Figures per doctor; else one entry, keyed "".
    var perDoctor: Bool

    typealias Terms = Schema.FiguresTerms

    func run(_ db: any SQLConnection, direct: Bool) throws -> [String: PracticeFigures] {
        var figures: [String: PracticeFigures] = [:]
        func add(_ row: SQLRow, _ body: (inout PracticeFigures) -> Void) {
            body(&figures[perDoctor ? row["doctor"] ?? "" : "", default: PracticeFigures(from: from, through: through)])
        }
        let sql = FiguresSQL(dialect: db.dialect)
        let counted = direct ? 0 : try BookingCursor.figures.get(db)
        let key = perDoctor ? "doctor" : "CAST('' AS text)"
        let range = "\(visible.sql) AND date BETWEEN ? AND ?"
        let arguments = SQLArguments(visible.arguments + [from.description, through.description])
        if counted > 0 {
            let sums = (["requests"] + Terms.statusColumns.map(\.column) + ["cancelledByPatient", "phone"])
                .map { "sum(\($0)) AS \($0)" }.joined(separator: ", ")
            for row in try db.fetchAll("""
                SELECT \(key) AS doctor, \(sql.weekday) AS weekday, \(sums)
                FROM figuresDay WHERE \(range) GROUP BY 1, 2 HAVING sum(requests) != 0
                """, arguments) {
                add(row) { figures in
                    let requests: Int = row["requests"] ?? 0, phone: Int = row["phone"] ?? 0
                    let byPatient: Int = row["cancelledByPatient"] ?? 0
                    figures.requests += requests
                    for (status, column) in Terms.statusColumns {
                        guard let status = BookingStatus(rawValue: status), let n = row[column] as Int?, n != 0 else { continue }
                        figures.byStatus[status, default: 0] += n
                    }
                    figures.cancelledByPatient += byPatient
                    figures.cancelledByPractice += (row["cancelled"] ?? 0) - byPatient
                    figures.phone += phone
                    figures.web += requests - phone
                    if let weekday = Self.weekday(row["weekday"]) { figures.byWeekday[weekday, default: 0] += requests }
                }
            }
            // By doctor and hour (lead) in key order, with no sort; the network's added up here.
            for row in try db.fetchAll("""
                SELECT doctor, hour, sum(n) AS n FROM figuresHour WHERE \(range) GROUP BY doctor, hour HAVING sum(n) != 0
                """, arguments) {
                add(row) { $0.byHour[row["hour"] ?? 0, default: 0] += row["n"] ?? 0 }
            }
            for row in try db.fetchAll("""
                SELECT doctor, lead, sum(n) AS n FROM figuresLead WHERE \(range) GROUP BY doctor, lead HAVING sum(n) != 0
                """, arguments) {
                add(row) { $0.byLeadDays[row["lead"] ?? 0, default: 0] += row["n"] ?? 0 }
            }
        }
        // Not counted yet: read directly, by their ids (NOT INDEXED: the rowid range, not a doctor's whole history).
        for row in try db.fetchAll("""
            SELECT \(key) AS doctor, status, source, \(sql.weekday) AS weekday, \(sql.hour("booking")) AS hour,
                   \(sql.lead("booking")) AS lead, \(sql.cancelledByPatient("booking")) AS byPatient, count(*) AS n
            FROM booking\(sql.notIndexed) WHERE id > ? AND \(range)
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """, [counted] + arguments) {
            add(row) { figures in
                let n: Int = row["n"] ?? 0
                figures.requests += n
                let status = row["status"].flatMap(BookingStatus.init(rawValue:))
                if let status { figures.byStatus[status, default: 0] += n }
                if status == .cancelled {
                    if row["byPatient"] ?? false { figures.cancelledByPatient += n } else { figures.cancelledByPractice += n }
                }
                if row["source"] == BookingSource.phone.rawValue { figures.phone += n } else { figures.web += n }
                if let weekday = Self.weekday(row["weekday"]) { figures.byWeekday[weekday, default: 0] += n }
                figures.byHour[row["hour"] ?? 0, default: 0] += n
                figures.byLeadDays[row["lead"] ?? 0, default: 0] += n
            }
        }
        return figures
    }

    /// SQLite's `%w`: "0" for Sunday.
    static func weekday(_ text: String?) -> Weekday? {
        guard let index = text.flatMap({ Int($0) }), Weekday.allCases.indices.contains(index) else { return nil }
        return Weekday.allCases[index]
    }
}
