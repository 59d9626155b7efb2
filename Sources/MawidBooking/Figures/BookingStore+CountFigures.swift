import Foundation
import MawidStorage

extension BookingStore {
    /// Counts the next bookings after `BookingCursor.figures` (at most `limit`) into the figures' summary
    /// (`Schema.v15`) as they are now, and moves the cursor past them, in one short transaction; returns how
    /// many. From then on the triggers keep their counts. `FiguresCounter` calls it every few seconds.
    @discardableResult
    public func countFigures(limit: Int = 2000) async throws -> Int {
        return try await database.engine.write { db in
            let after = try BookingCursor.figures.get(db)
            guard let batch = try db.fetchOne("""
                SELECT count(*) AS n, max(id) AS last FROM (SELECT id FROM booking WHERE id > ? ORDER BY id LIMIT ?) AS batch
                """, [after, limit]), let last: Int64 = batch["last"] else { return 0 }
            let sql = FiguresSQL(dialect: db.dialect)
            let bookings = "FROM booking WHERE id > ? AND id <= ?", range: SQLArguments = [after, last]
            typealias Terms = Schema.FiguresTerms
            try db.execute(Terms.addDays("SELECT \(sql.daySums) \(bookings) GROUP BY doctor, date", named: true), range)
            try db.execute(Terms.addHours("SELECT doctor, date, \(sql.hour("booking")), count(*) \(bookings) GROUP BY 1, 2, 3",
                                          named: true), range)
            try db.execute(Terms.addLeads("SELECT doctor, date, \(sql.lead("booking")), count(*) \(bookings) GROUP BY 1, 2, 3",
                                          named: true), range)
            try BookingCursor.figures.advance(db, to: last)
            return batch["n"] ?? 0
        }
    }
}
