import Foundation
import MawidBooking
import MawidSite

/// `/review/figures.csv`: the figures as a spreadsheet, a row per doctor (and their total), the
/// columns in English and the numbers as a spreadsheet reads them (`0.125`, not `12,5 %`). Counts only: no
/// patient, no booking. RFC 4180: CRLF line ends, a field with a comma, quote or line end quoted.
struct FiguresCSV {
    struct Row {
        var doctor: String
        var name: String
        var figures: PracticeFigures
    }

    var rows: [Row]
    /// A last row with their sum, as doctor `all` (the network's figures, or several doctors').
    var withTotal: Bool
    var totalName: String

    static let statusColumns: [(name: String, status: BookingStatus)] = [
        ("pending", .pending), ("confirmed_to_come", .confirmed), ("came", .done), ("no_show", .noShow),
        ("proposed", .proposed), ("declined", .declined),
    ]

    var period: (from: LocalDate, through: LocalDate)

    var text: String {
        var all = rows
        if withTotal {
            var total = PracticeFigures(from: period.from, through: period.through)
            for row in rows { total.add(row.figures) }
            all.append(Row(doctor: "all", name: totalName, figures: total))
        }
        let hours = all.flatMap { $0.figures.byHour.filter { $0.value > 0 }.keys }
        let hourRange: [Int] = hours.min().flatMap { first in hours.max().map { Array(first...$0) } } ?? []
        var header: [String] = ["doctor", "name", "from", "through", "requests", "confirmed"]
        header += Self.statusColumns.map(\.name)
        header += ["cancelled_by_patient", "cancelled_by_practice", "no_show_rate", "median_lead_days", "web", "phone"]
        header += Weekday.allCases.map(\.rawValue)
        header += hourRange.map { String(format: "h%02d", $0) }
        var lines = [header]
        for row in all {
            let figures = row.figures
            var line: [String] = [Self.text(row.doctor), Self.text(row.name), figures.from.description, figures.through.description]
            line += [String(figures.requests), String(figures.confirmed)]
            line += Self.statusColumns.map { String(figures.byStatus[$0.status, default: 0]) }
            line += [String(figures.cancelledByPatient), String(figures.cancelledByPractice)]
            line.append(figures.noShowRate.map { String(format: "%.4f", $0) } ?? "")
            line.append(figures.medianLeadDays.map { String($0) } ?? "")
            line += [String(figures.web), String(figures.phone)]
            line += Weekday.allCases.map { String(figures.byWeekday[$0, default: 0]) }
            line += hourRange.map { String(figures.byHour[$0, default: 0]) }
            lines.append(line)
        }
        return lines.map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A text field a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) starts with `'` instead.
    static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    /// RFC 4180: quoted, quotes doubled, when it holds a comma, a quote or a line end.
    static func field(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
