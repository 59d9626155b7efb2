import Foundation
import Synchronization

/// The loop of a background task that works through the new bookings in batches, off their own transactions
/// (`SearchIndexer`, `FiguresCounter`): every `interval`, `step` until it has nothing left.
///
/// During a burst (more than `burst` bookings in the last round) it waits, unless more than `backlog`
/// bookings are waiting: the endpoint's peak needs the CPU more, and the readers of the task's work read the
/// waiting bookings directly meanwhile.
final class BacklogLoop: Sendable {
    /// The newest booking id, and the last one the task has done.
    typealias Progress = @Sendable () async throws -> (newest: Int64, done: Int64)
    /// One batch; returns how many bookings it did (0: none left).
    typealias Step = @Sendable () async throws -> Int

    let name: String
    let interval: Duration
    let burst: Int64
    let backlog: Int64
    let progress: Progress
    let step: Step
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(name: String, interval: Duration, burst: Int64, backlog: Int64, progress: @escaping Progress, step: @escaping Step) {
        self.name = name
        self.interval = interval
        self.burst = burst
        self.backlog = backlog
        self.progress = progress
        self.step = step
    }

    /// Starts (the backlog first: bookings made while the server was stopped); `onError` gets failed rounds
    /// (`name: error`, no patient data), tried again a round later.
    func start(onError: @escaping @Sendable (String) -> Void) {
        let name = self.name, interval = self.interval, burst = self.burst, backlog = self.backlog
        let progress = self.progress, step = self.step
        task.withLock { task in
            guard task == nil else { return }
            task = Task.detached(priority: .background) {
                var lastSeen: Int64?
                while !Task.isCancelled {
                    do {
                        let (newest, done) = try await progress()
                        let arrived = lastSeen.map { newest - $0 } ?? 0
                        lastSeen = newest
                        if arrived <= burst || newest - done > backlog {
                            while try await step() > 0, !Task.isCancelled {}
                        }
                    } catch {
                        onError("\(name): \(error)")
                    }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops after the round in progress.
    func stop() async {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }
}
