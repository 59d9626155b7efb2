import Foundation
import Synchronization

/// Adds new bookings to the office's search index every second, in batches (`BookingStore.indexForSearch`),
/// off the bookings' own transactions. Until it has, the search reads those bookings directly: a booking is
/// found the moment it is made.
public final class SearchIndexer: Sendable {
    let store: BookingStore
    let interval: Duration
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(store: BookingStore, interval: Duration = .seconds(1)) {
        self.store = store
        self.interval = interval
    }

    /// Starts indexing (the backlog first: bookings made while the server was stopped); `onError` gets failed
    /// rounds (no patient data), tried again a second later.
    public func start(onError: @escaping @Sendable (String) -> Void = { _ in }) {
        let store = self.store, interval = self.interval
        task.withLock { task in
            guard task == nil else { return }
            task = Task.detached(priority: .background) {
                while !Task.isCancelled {
                    do {
                        while try await store.indexForSearch() > 0, !Task.isCancelled {}
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
