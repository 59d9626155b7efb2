import Dispatch
import HummingbirdBcrypt

/// bcrypt with a fixed cost: 12 in production; tests inject a lower one (each step doubles the time).
public struct PasswordHasher: Sendable, Hashable {
    public var cost: UInt8

    public init(cost: UInt8 = 12) {
        precondition((4...31).contains(cost), "bcrypt cost goes from 4 to 31")
        self.cost = cost
    }

    public static let production = PasswordHasher(cost: 12)

    /// Blocks for the whole hashing time (about 0.25 s at cost 12): call it off the cooperative pool.
    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// True if `hash` was made with another cost (`$2b$10$…`): rehash it at the next successful login.
    func needsRehash(_ hash: String) -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: true)
        return parts.count < 2 || UInt8(parts[1]) != cost
    }

    /// Runs `work` on a Dispatch thread, so that slow hashing does not hold a Swift concurrency thread.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
