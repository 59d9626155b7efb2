import Foundation

/// `.mawid-manifest` in the output folder: each file the build wrote and the key it was made from, so the
/// next `mawid build` rewrites only what changed. The server never serves dot-files.
enum SiteManifest {
    static let name = ".mawid-manifest"
    /// Bumped whenever rendering changes in a way sources do not show (a new field, a fixed template bug
    /// in the code): an older manifest then means "build everything".
    static let version = "mawid-manifest 1"

    /// Keys by path, or nil when there is no usable manifest.
    static func read(output: String) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: output + "/" + name),
              let text = String(data: data, encoding: .utf8) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == version else { return nil }
        lines.removeFirst()
        var keys: [String: String] = [:]
        keys.reserveCapacity(lines.count)
        for line in lines {
            guard let space = line.firstIndex(of: " ") else { return nil }
            keys[String(line[line.index(after: space)...])] = String(line[..<space])
        }
        return keys
    }

    static func text(_ keys: [String: String]) -> String {
        var out = version + "\n"
        for (path, key) in keys.sorted(by: { $0.key < $1.key }) { out += key + " " + path + "\n" }
        return out
    }
}
