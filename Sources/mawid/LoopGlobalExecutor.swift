#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Runs Swift concurrency's global jobs on NIO's event loops, as plain (nonisolated) jobs.
///
/// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()` also runs them on the
/// loops, but as if isolated to the loop's serial executor: every later `await` of a nonisolated async function is
/// then a change of executor for the runtime, and goes back through the loop's task queue (several extra turns per
/// request). Run on the generic executor instead, as Swift's own thread pool runs them, such calls go on in place:
/// 6–13 % more bookings per second, measured with two servers loaded side by side. A job goes to the loop of the
/// thread that enqueues it when that is one (a request's work stays on its connection's loop), else to the next loop.
enum LoopGlobalExecutor {
    private typealias EnqueueHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// Installs the hook; false if the runtime has none or another is set (jobs then run on Swift's own pool).
    /// Call once, first thing in `main`, before any task exists.
    @discardableResult
    static func install() -> Bool {
        guard MemoryLayout<UnownedSerialExecutor>.size == MemoryLayout<(UInt, UInt)>.size,
              let symbol = dlsym(dlopen(nil, RTLD_NOW), "swift_task_enqueueGlobal_hook")
        else { return false }
        let slot = symbol.assumingMemoryBound(to: UnsafeRawPointer?.self)
        guard slot.pointee == nil else { return false }
        let hook: EnqueueHook = { job, _ in
            MultiThreadedEventLoopGroup.singleton.any().execute {
                job.runSynchronously(on: genericExecutor)
            }
        }
        slot.pointee = unsafeBitCast(hook, to: UnsafeRawPointer.self)
        return true
    }
}

/// The runtime's generic executor (identity and implementation both null): what the default global executor
/// runs jobs on. `UnownedSerialExecutor` has no public way to name it.
private let genericExecutor = unsafeBitCast((UInt(0), UInt(0)), to: UnownedSerialExecutor.self)
