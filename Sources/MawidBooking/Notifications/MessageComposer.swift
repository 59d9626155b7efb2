import Dispatch
import Foundation
import MawidStorage
import MawidDelivery
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes the creation messages of new bookings (received or confirmed, reminders, the practice's notice)
/// in the background, so a booking's transaction holds only the booking and its audit row.
///
/// It runs on a thread of its own at a lower priority (nice 10): under a burst of bookings, patients get
/// their answer first and their SMS a little later. It renders from a read snapshot, off the writer; the
/// group-commit writer inserts the rows and moves `BookingCursor.creation` in one transaction, so a crash loses
/// nothing (the next start goes on from the cursor) and writes nothing twice. A change to a booking writes
/// the backlog up to it first (`CreationMessages.catchUp`), so messages keep their order.
public final class MessageComposer: Sendable {
    /// Bookings rendered per round (one transaction of the writer).
    public static let batchSize = 100

    let store: BookingStore
    private let clock: @Sendable () -> Date
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let flags = Mutex((running: false, stopping: false, woken: false))

    public init(store: BookingStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// New bookings leave their creation messages to this composer (`start` does it; tests call it alone and
    /// compose by hand).
    func attach() { store.notifications.composer = self }

    /// Starts the thread and hands new bookings to it; `onError` gets failed rounds (no patient data),
    /// retried a second later.
    public func start(onError: @escaping @Sendable (String) -> Void = { _ in }) {
        guard flags.withLock({ flags in
            if flags.running { return false }
            flags.running = true
            return true
        }) else { return }
        attach()
        let thread = Thread { [self] in
            Self.lowerPriority()
            run(onError: onError)
            finished.signal()
        }
        thread.name = "mawid.compose"
        thread.start()
    }

    /// Stops after the round in progress; the backlog, if any, is written at the next start.
    public func stop() {
        guard flags.withLock({ flags in
            if !flags.running || flags.stopping { return false }
            flags.stopping = true
            return true
        }) else { return }
        wakeup.signal()
        finished.wait()
    }

    /// New bookings were committed (called by the writer; cheap when already woken).
    func wake() {
        let signal = flags.withLock { flags in
            if flags.woken { return false }
            flags.woken = true
            return true
        }
        if signal { wakeup.signal() }
    }

    private func run(onError: @Sendable (String) -> Void) {
        while true {
            _ = wakeup.wait(timeout: .now() + 1)  // the timeout also covers a backlog left by a crash
            if flags.withLock({ $0.stopping }) { return }
            flags.withLock { $0.woken = false }
            do {
                while try store.composeCreationMessages(limit: Self.batchSize, now: clock()) == Self.batchSize {
                    if flags.withLock({ $0.stopping }) { return }
                }
            } catch {
                onError("composing messages failed: \(DeliveryError.summary(of: error))")
            }
        }
    }

    /// Nice 10 for the calling thread (Linux: a per-thread attribute); elsewhere a lower QoS is enough.
    private static func lowerPriority() {
        #if os(Linux)
        // `who` 0 is the calling thread: on Linux the nice value belongs to each thread.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #else
        Thread.current.qualityOfService = .utility
        #endif
    }
}

extension BookingStore {
    /// Writes the creation messages of up to `limit` bookings after `BookingCursor.creation`, rendered on the calling
    /// thread from a read snapshot and inserted by the group-commit writer; returns how many bookings it
    /// covered (less than `limit`: caught up). Blocks: call it from a thread of its own (or a test).
    @discardableResult
    public func composeCreationMessages(limit: Int = MessageComposer.batchSize, now: Date = Date()) throws -> Int {
        let notifications = notifications
        let (composed, count): (ComposedMessages?, Int) = try database.engine.readBlocking { db in
            let backlog = try CreationMessages.backlog(db, limit: limit)
            guard let last = backlog.last else { return (nil, 0) }
            var messages = ComposedMessages(through: last.record.id!, writes: [])
            if var notifier = try notifications.notifier(db, now: now) {
                for (record, auditID) in backlog {
                    let output = NotifierOutput()
                    notifier.output = output
                    try notifier.created(record, auditID: auditID)
                    messages.writes += output.writes.map { (record.id!, $0) }
                }
            }
            return (messages, backlog.count)
        }
        if let composed { try writer.submit(composed) }
        return count
    }
}
