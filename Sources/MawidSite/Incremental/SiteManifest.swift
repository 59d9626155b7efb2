import Foundation

/// `.mawid-manifest` in the output folder: each file the build wrote and the key it was made from, so the
/// next `mawid build` rewrites only what changed. The server never serves dot-files.
enum SiteManifest {
    static let name = ".mawid-manifest"
    /// Bumped whenever rendering changes in a way sources do not show (a new field, a fixed template bug
    /// in the code) or keys are made another way: an older manifest then means "build everything".
    static let version = "mawid-manifest 2"

    /// The files of the output and their keys, in the order the plan made them.
    struct Entries {
        var paths: [String] = []
        var keys: [String] = []

        /// Keys by path.
        func byPath() -> [String: String] {
            var index: [String: String] = [:]
            index.reserveCapacity(paths.count)
            for (path, key) in zip(paths, keys) { index[path] = key }
            return index
        }
    }

    /// The manifest in `output`, or nil when there is none usable.
    static func read(output: String) -> Entries? {
        guard let data = FileManager.default.contents(atPath: output + "/" + name),
              let text = String(data: data, encoding: .utf8) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == version else { return nil }
        lines.removeFirst()
        var entries = Entries()
        entries.paths.reserveCapacity(lines.count)
        entries.keys.reserveCapacity(lines.count)
        for line in lines {
            guard let space = line.firstIndex(of: " ") else { return nil }
            entries.paths.append(String(line[line.index(after: space)...]))
            entries.keys.append(String(line[..<space]))
        }
        return entries
    }

    static func data(_ entries: Entries) -> Data {
        var out: [UInt8] = Array((version + "\n").utf8)
        out.reserveCapacity(entries.paths.count * 100)
        for (path, key) in zip(entries.paths, entries.keys) {
            out.append(contentsOf: key.utf8)
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: path.utf8)
            out.append(UInt8(ascii: "\n"))
        }
        return Data(out)
    }
}
