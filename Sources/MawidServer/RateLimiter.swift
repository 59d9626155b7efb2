import Foundation
import NIOConcurrencyHelpers

/// Per-client token buckets: each client may POST `limit` times per `window`, refilled evenly.
final class RateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    /// `limit` 0 disables the limiter.
    init(limit: Int, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    var isOn: Bool { limit > 0 }

    /// nil when the request may go on; otherwise the seconds to wait before retrying.
    func retryAfter(client: String, now: Date = Date()) -> Int? {
        guard isOn else { return nil }
        let rate = Double(limit) / window
        return buckets.withLockedValue { buckets -> Int? in
            if buckets.count > 100_000 { buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < window } }
            var bucket = buckets[client] ?? Bucket(tokens: Double(limit), updated: now)
            bucket.tokens = min(Double(limit), bucket.tokens + now.timeIntervalSince(bucket.updated) * rate)
            bucket.updated = now
            defer { buckets[client] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}
