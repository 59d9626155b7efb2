import MawidStorage

/// `Schema.FiguresTerms` for the queries that count bookings, in the connection's SQL: SQLite's terms as
/// frozen with v15, or their PostgreSQL equals (booleans made integers, the functions of `PostgresSchema`).
struct FiguresSQL {
    let dialect: SQLDialect
    typealias Terms = Schema.FiguresTerms

    /// "0" (Sunday) to "6" of `date`, as text.
    var weekday: String {
        dialect.pick(sqlite: "strftime('%w', date)", postgres: "CAST(extract(dow FROM CAST(date AS date)) AS bigint)::text")
    }

    func hour(_ r: String) -> String { Terms.hour(r) }

    func lead(_ r: String) -> String {
        dialect.pick(sqlite: Terms.lead(r), postgres: "figures_lead(\(r).date, \(r).time, \(r).createdAt)")
    }

    func cancelledByPatient(_ r: String) -> String {
        dialect.pick(sqlite: Terms.cancelledByPatient(r), postgres: """
            (CASE WHEN \(r).status = 'cancelled' THEN figures_cancelled_by_patient(\(r).id, 9223372036854775807) ELSE 0 END)
            """)
    }

    /// 1 where `condition` holds, else 0, for a `sum`.
    func one(_ condition: String) -> String { dialect.pick(sqlite: condition, postgres: "CAST(\(condition) AS int)") }

    /// `Terms.daySums` in this dialect.
    var daySums: String {
        "doctor, date, count(*), " + Terms.statusColumns.map { "sum(\(one("status = '\($0.status)'")))" }.joined(separator: ", ")
            + ", sum(\(cancelledByPatient("booking"))), sum(\(one("source = 'phone'")))"
    }

    /// Skips the indexes where SQLite would pick the wrong one (PostgreSQL plans by itself).
    var notIndexed: String { dialect.pick(sqlite: " NOT INDEXED", postgres: "") }
}
