import Foundation
import GRDB

extension BookingStore {
    /// Counts the next bookings after `BookingCursor.figures` (at most `limit`) into the figures' summary
    /// (`Schema.v15`) as they are now, and moves the cursor past them, in one short transaction; returns how
    /// many. From then on the triggers keep their counts. `FiguresCounter` calls it every few seconds.
    @discardableResult
    public func countFigures(limit: Int = 2000) async throws -> Int {
        typealias Terms = Schema.FiguresTerms
        return try await database.dbWriter.write { db in
            let after = try BookingCursor.figures.get(db)
            guard let batch = try Row.fetchOne(db, sql: """
                SELECT count(*) AS n, max(id) AS last FROM (SELECT id FROM booking WHERE id > ? ORDER BY id LIMIT ?)
                """, arguments: [after, limit]), let last = batch["last"] as Int64? else { return 0 }
            let bookings = "FROM booking WHERE id > ? AND id <= ?", range: StatementArguments = [after, last]
            try db.execute(sql: Terms.addDays("SELECT \(Terms.daySums) \(bookings) GROUP BY doctor, date"), arguments: range)
            try db.execute(sql: Terms.addHours("SELECT doctor, date, \(Terms.hour("booking")), count(*) \(bookings) GROUP BY 1, 2, 3"), arguments: range)
            try db.execute(sql: Terms.addLeads("SELECT doctor, date, \(Terms.lead("booking")), count(*) \(bookings) GROUP BY 1, 2, 3"), arguments: range)
            try BookingCursor.figures.advance(db, to: last)
            return batch["n"]
        }
    }
}
