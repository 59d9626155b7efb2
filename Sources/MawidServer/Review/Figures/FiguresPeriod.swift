import MawidSite

/// The period of `/review/figures`: `from` and `through` from the query (days, inclusive; swapped when given
/// the wrong way round), by default the last 30 days up to today; and the quick choices.
struct FiguresPeriod: Equatable {
    var from: LocalDate
    var through: LocalDate

    /// The quick choices, each ending today: its i18n key (`review.figures_last_…`) and its period.
    static func quick(today: LocalDate) -> [(key: String, period: FiguresPeriod)] {
        [("figures_last_30_days", FiguresPeriod(from: today.adding(days: -29), through: today)),
         ("figures_last_3_months", FiguresPeriod(from: sameDay(monthsBefore: 3, today).adding(days: 1), through: today)),
         ("figures_last_12_months", FiguresPeriod(from: sameDay(monthsBefore: 12, today).adding(days: 1), through: today))]
    }

    /// From `from=` and `through=` (`YYYY-MM-DD`); a missing or unreadable one takes the default's.
    init(from: String?, through: String?, today: LocalDate) {
        let standard = Self.quick(today: today)[0].period
        let start = from.flatMap { LocalDate($0) } ?? standard.from
        let end = through.flatMap { LocalDate($0) } ?? standard.through
        (self.from, self.through) = start <= end ? (start, end) : (end, start)
    }

    init(from: LocalDate, through: LocalDate) {
        self.from = from
        self.through = through
    }

    var query: String { "from=\(from)&through=\(through)" }

    /// The same day `months` months earlier (the month's last day when it is shorter).
    static func sameDay(monthsBefore months: Int, _ date: LocalDate) -> LocalDate {
        let index = date.year * 12 + (date.month - 1) - months
        let year = index / 12, month = index % 12 + 1
        var day = date.day
        while day > 28, LocalDate(year: year, month: month, day: day) == nil { day -= 1 }
        return LocalDate(year: year, month: month, day: day) ?? date
    }
}
