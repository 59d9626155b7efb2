import Foundation

/// Counts new bookings into the figures' summary (`Schema.v15`) every few seconds, in batches
/// (`BookingStore.countFigures`), off the bookings' own transactions; after a migration or a restart, the
/// bookings not counted yet first. Until it has, the figures count those bookings directly
/// (`BookingStore.figures`): they are right at once, and fast while few are waiting.
///
/// As `SearchIndexer`, it waits during a burst (more than `burst` bookings in a round) unless `backlog`
/// bookings are waiting: counting costs ~10 µs per booking (`make bench-review`), better spent on the bookings
/// at their peak.
public final class FiguresCounter: Sendable {
    let loop: BacklogLoop

    public init(store: BookingStore, interval: Duration = .seconds(5), burst: Int64 = 2500, backlog: Int64 = 250_000) {
        loop = BacklogLoop(name: "figures", interval: interval, burst: burst, backlog: backlog,
                           progress: { try await store.progress(of: .figures) },
                           step: { try await store.countFigures() })
    }

    /// Starts counting; `onError` gets failed rounds (no patient data), tried again a round later.
    public func start(onError: @escaping @Sendable (String) -> Void = { _ in }) {
        loop.start(onError: onError)
    }

    /// Stops after the round in progress.
    public func stop() async {
        await loop.stop()
    }
}
