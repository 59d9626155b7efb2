import Foundation
import MawidBooking
import MawidSite

/// What `review/figures.mustache` shows of a `PracticeFigures`: the key numbers, and the charts (`BarChart`)
/// each with its table; numbers and percentages written as the page's language writes them.
struct FiguresView {
    let page: ReviewPage
    let strings: Strings
    let locale: Locale

    init(page: ReviewPage) {
        self.page = page
        strings = page.endpoint.site.strings(page.lang)
        locale = Locale(identifier: page.lang == "en" ? "en_GB" : "\(page.lang)_DZ")
    }

    var rightToLeft: Bool { strings.isRightToLeft }

    func number(_ value: Int) -> String { value.formatted(.number.locale(locale)) }

    func percent(_ value: Double) -> String { value.formatted(.percent.precision(.fractionLength(0...1)).locale(locale)) }

    /// `count` as a share of `total`; "—" of nothing.
    func share(_ count: Int, of total: Int) -> String { total == 0 ? "—" : percent(Double(count) / Double(total)) }

    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        values.reduce(page.text(key)) { $0.replacingOccurrences(of: "{{\($1.key)}}", with: $1.value) }
    }

    /// The key numbers, as `label`, `value` and an optional `hint`.
    func numbers(_ figures: PracticeFigures) -> [[String: Any]] {
        let total = figures.requests
        let visits = figures.byStatus[.done, default: 0] + figures.byStatus[.noShow, default: 0]
        func row(_ key: String, _ value: String, hint: String? = nil) -> [String: Any] {
            var row: [String: Any] = ["label": text(key), "value": value]
            row["hint"] = hint
            return row
        }
        return [
            row("figures_requests", number(total)),
            row("figures_confirmed", number(figures.confirmed), hint: text("figures_confirmed_hint", ["share": share(figures.confirmed, of: total)])),
            row("figures_cancelled_patient", number(figures.cancelledByPatient)),
            row("figures_cancelled_practice", number(figures.cancelledByPractice)),
            row("figures_declined", number(figures.byStatus[.declined, default: 0])),
            row("figures_noshow_rate", figures.noShowRate.map(percent) ?? "—",
                hint: visits == 0 ? nil : text("figures_noshow_hint", ["missed": number(figures.byStatus[.noShow, default: 0]),
                                                                       "visits": number(visits)])),
            row("figures_lead", figures.medianLeadDays.map { text("figures_days", ["count": number($0)]) } ?? "—"),
            row("figures_web_phone", "\(share(figures.web, of: total)) / \(share(figures.phone, of: total))"),
        ]
    }

    /// The charts: what became of the requests, online or by phone, by weekday (Sunday first), by hour.
    func charts(_ figures: PracticeFigures) -> [[String: Any]] {
        let total = figures.requests
        let outcomes: [(String, Int)] = [
            ("figures_pending", figures.byStatus[.pending, default: 0]),
            ("figures_upcoming", figures.byStatus[.confirmed, default: 0]),
            ("figures_done", figures.byStatus[.done, default: 0]),
            ("figures_noshow", figures.byStatus[.noShow, default: 0]),
            ("figures_proposed", figures.byStatus[.proposed, default: 0]),
            ("figures_declined", figures.byStatus[.declined, default: 0]),
            ("figures_cancelled_patient", figures.cancelledByPatient),
            ("figures_cancelled_practice", figures.cancelledByPractice),
        ]
        var charts = [
            chart("outcomes", title: "figures_outcomes", header: "figures_outcome", total: total,
                  bars: outcomes.map { (text($0.0), $0.1) }),
            chart("sources", title: "figures_sources", header: "figures_source", total: total,
                  bars: [(text("figures_web"), figures.web), (text("figures_phone"), figures.phone)]),
            chart("weekdays", title: "figures_weekdays", header: "figures_day", total: total,
                  bars: Weekday.allCases.map { (strings.nested("days", $0.rawValue) ?? $0.rawValue, figures.byWeekday[$0, default: 0]) }),
        ]
        let hours = figures.byHour.filter { $0.value > 0 }.keys
        if let first = hours.min(), let last = hours.max() {
            charts.append(chart("hours", title: "figures_hours", header: "figures_hour", total: total,
                                bars: (first...last).map { (String(format: "%02d:00", $0), figures.byHour[$0, default: 0]) }))
        }
        return charts
    }

    private func chart(_ id: String, title: String, header: String, total: Int, bars: [(label: String, value: Int)]) -> [String: Any] {
        let rows = bars.map { bar in (bar: bar, count: number(bar.value), share: share(bar.value, of: total)) }
        let chart = BarChart(id: "chart-\(id)", title: text(title), bars: rows.map {
            BarChart.Bar(label: $0.bar.label, value: $0.bar.value, text: "\($0.count) (\($0.share))")
        }, rightToLeft: rightToLeft)
        return [
            "id": "chart-\(id)",
            "title": text(title),
            "header": text(header),
            "svg": chart.svg,
            "rows": rows.map { ["label": $0.bar.label, "count": $0.count, "share": $0.share] },
        ]
    }
}
