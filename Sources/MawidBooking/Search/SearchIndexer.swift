import Foundation
import GRDB
import Synchronization

/// Adds new bookings to the office's search index every second, in batches (`BookingStore.indexForSearch`),
/// off the bookings' own transactions. Until it has, the search reads those bookings directly: a booking is
/// found the moment it is made.
///
/// During a burst (more than `burst` bookings in the last second) it waits, unless `backlog` bookings are
/// waiting: indexing takes ~20 µs of CPU per booking, which at the endpoint's peak (7,000 bookings a second
/// on 2 cores) cost 13 % of its throughput; a clinic's busiest morning is far below `burst`. Meanwhile the
/// waiting bookings are matched one by one (`BookingStore.search`): ~5 µs each.
public final class SearchIndexer: Sendable {
    let store: BookingStore
    let interval: Duration
    let burst: Int64
    let backlog: Int64
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(store: BookingStore, interval: Duration = .seconds(1), burst: Int64 = 500, backlog: Int64 = 250_000) {
        self.store = store
        self.interval = interval
        self.burst = burst
        self.backlog = backlog
    }

    /// Starts indexing (the backlog first: bookings made while the server was stopped); `onError` gets failed
    /// rounds (no patient data), tried again a second later.
    public func start(onError: @escaping @Sendable (String) -> Void = { _ in }) {
        let store = self.store, interval = self.interval, burst = self.burst, backlog = self.backlog
        task.withLock { task in
            guard task == nil else { return }
            task = Task.detached(priority: .background) {
                var lastSeen: Int64?
                while !Task.isCancelled {
                    do {
                        let (newest, indexed) = try await store.searchProgress()
                        let arrived = lastSeen.map { newest - $0 } ?? 0
                        lastSeen = newest
                        if arrived <= burst || newest - indexed > backlog {
                            while try await store.indexForSearch() > 0, !Task.isCancelled {}
                        }
                    } catch {
                        onError("search index: \(error)")
                    }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops after the round in progress.
    public func stop() async {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }
}

extension BookingStore {
    /// The newest booking id, and the last one in the search index.
    func searchProgress() async throws -> (newest: Int64, indexed: Int64) {
        try await database.dbWriter.read { db in
            (try Int64.fetchOne(db, sql: "SELECT max(id) FROM booking") ?? 0, try BookingCursor.searchIndex.get(db))
        }
    }
}
