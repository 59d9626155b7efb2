import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on every core, keeping the order. For CPU-bound work on many items.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 64 else { return map(transform) }
        let results = ResultBuffer<T>(count: count)
        let chunk = Swift.max(16, count / (ProcessInfo.processInfo.activeProcessorCount * 8))
        let chunks = (count + chunk - 1) / chunk
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<Swift.min(count, (c + 1) * chunk) {
                    results.set(i, transform(input[i]))
                }
            }
        }
        return results.values()
    }
}

/// Slots written by distinct indices from several threads, read once all are done.
private final class ResultBuffer<T>: @unchecked Sendable {
    private var storage: [T?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { storage.withUnsafeMutableBufferPointer { $0[index] = value } }
    func values() -> [T] { storage.map { $0! } }
}
