import Foundation
import MawidStorage

/// Adds new bookings to the office's search index every second, in batches (`BookingStore.indexForSearch`),
/// off the bookings' own transactions. Until it has, the search reads those bookings directly: a booking is
/// found the moment it is made.
///
/// During a burst (more than `burst` bookings in the last second) it waits, unless `backlog` bookings are
/// waiting: indexing takes ~20 µs of CPU per booking, which at the endpoint's peak (7,000 bookings a second
/// on 2 cores) cost 13 % of its throughput; a clinic's busiest morning is far below `burst`. Meanwhile the
/// waiting bookings are matched one by one (`BookingStore.search`): ~5 µs each.
public final class SearchIndexer: Sendable {
    let loop: BacklogLoop

    public init(store: BookingStore, interval: Duration = .seconds(1), burst: Int64 = 500, backlog: Int64 = 250_000) {
        loop = BacklogLoop(name: "search index", interval: interval, burst: burst, backlog: backlog,
                           progress: { try await store.progress(of: .searchIndex) },
                           step: { try await store.indexForSearch() })
    }

    /// Starts indexing (the backlog first: bookings made while the server was stopped); `onError` gets failed
    /// rounds (no patient data), tried again a second later.
    public func start(onError: @escaping @Sendable (String) -> Void = { _ in }) {
        loop.start(onError: onError)
    }

    /// Stops after the round in progress.
    public func stop() async {
        await loop.stop()
    }
}

extension BookingStore {
    /// The newest booking id, and the last one a background task has done (`cursor`).
    func progress(of cursor: BookingCursor) async throws -> (newest: Int64, done: Int64) {
        try await database.engine.read { db in
            (try db.value("SELECT max(id) FROM booking", as: Int64.self) ?? 0, try cursor.get(db))
        }
    }
}
