import Foundation
import Synchronization

/// The doctors' Markdown files under `content/doctors/`, as the hours form reads and writes them.
///
/// A write replaces the file in one step (a new file beside it, renamed over it, with the old one's mode and
/// owner) and only if the file still holds what the form was computed from: a save from a text editor in
/// between is never overwritten; the form shows it instead. Writes from this server are one at a time.
struct DoctorFiles: Sendable {
    let directory: String

    private static let writing = Mutex(())

    /// `content/doctors/<slug>.md` (the default language's file: the hours are there).
    func path(of slug: String) -> String { directory + "/doctors/" + slug + ".md" }

    func read(_ slug: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(of: slug)))
        guard let text = String(data: data, encoding: .utf8) else { throw CocoaError(.fileReadInapplicableStringEncoding) }
        return text
    }

    /// Replaces the file's text with `new` if it is still `expected`; false (nothing written) if it changed.
    func replace(_ slug: String, expected: String, with new: String) throws -> Bool {
        try Self.writing.withLock { _ in
            guard try read(slug) == expected else { return false }
            try Self.write(new, to: path(of: slug))
            return true
        }
    }

    /// Writes `content/<name>` whole (a file only `mawid serve` writes, such as `ratings.yml`) with the text
    /// `make` gives. Exports run one at a time from `make` to the rename (`Exports`), so a slower export made
    /// from an older state never lands after a newer one.
    func write(_ name: String, _ make: @escaping @Sendable () async throws -> String) async throws {
        let path = directory + "/" + name
        try await Exports.shared.run {
            let text = try await make()
            try Self.writing.withLock { _ in try Self.write(text, to: path) }
        }
    }

    /// Runs the exports of generated content files one after the other (an actor runs one call at a time
    /// only up to its first suspension, so each waits for the one before it).
    actor Exports {
        static let shared = Exports()
        private var last: Task<Void, Error>?

        func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
            let previous = last
            let task = Task {
                _ = await previous?.result
                try await body()
            }
            last = task
            try await task.value
        }
    }

    /// `text` into `path` in one step: a dot-file beside it, renamed over it, with its mode and owner.
    private static func write(_ new: String, to path: String) throws {
        do {
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let folder = (target as NSString).deletingLastPathComponent
            // A dot-file: the content watcher ignores it until it is renamed over the real one.
            let temporary = folder + "/.\((target as NSString).lastPathComponent).\(getpid()).saving"
            let attributes = (try? FileManager.default.attributesOfItem(atPath: target)) ?? [.posixPermissions: 0o644]
            guard FileManager.default.createFile(atPath: temporary, contents: Data(new.utf8)) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
            }
            do {
                var kept: [FileAttributeKey: Any] = [:]
                kept[.posixPermissions] = attributes[.posixPermissions]
                try FileManager.default.setAttributes(kept, ofItemAtPath: temporary)
                // The owner only changes for root; a server running as the files' owner has nothing to do.
                try? FileManager.default.setAttributes([.ownerAccountID: attributes[.ownerAccountID] as Any,
                                                        .groupOwnerAccountID: attributes[.groupOwnerAccountID] as Any],
                                                       ofItemAtPath: temporary)
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
                try handle.synchronize()
                try handle.close()
                guard rename(temporary, target) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } catch {
                try? FileManager.default.removeItem(atPath: temporary)
                throw error
            }
        }
    }
}
