import Foundation

/// Static files from `Templates/assets/`, published under `/assets/` with a content hash in the name
/// so browsers can cache them forever.
struct Assets {
    struct File {
        let source: String
        let published: String
    }

    let files: [File]

    init(directory: String) {
        let fm = FileManager.default
        let names = ((fm.enumerator(atPath: directory)?.allObjects as? [String]) ?? []).sorted()
        var files: [File] = []
        for name in names {
            let source = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !(name as NSString).lastPathComponent.hasPrefix("."),
                  let data = fm.contents(atPath: source) else { continue }
            let ext = (name as NSString).pathExtension
            let stem = (name as NSString).deletingPathExtension
            let hashed = ext.isEmpty ? "\(stem).\(Self.hash(data))" : "\(stem).\(Self.hash(data)).\(ext)"
            files.append(File(source: source, published: "assets/" + hashed))
        }
        self.files = files
    }

    /// Template keys: `style.css` is `assets.styleCSS` (and `assets.css`), `search.js` is `assets.searchJS`.
    var templateKeys: [String: String] {
        var keys: [String: String] = [:]
        for file in files {
            let name = ((file.source as NSString).lastPathComponent as NSString)
            let stem = name.deletingPathExtension.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                .enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
            keys[stem + name.pathExtension.uppercased()] = "/" + file.published
            if name as String == "style.css" { keys["css"] = "/" + file.published }
        }
        return keys
    }

    /// 10 hex digits of FNV-1a: enough to bust caches, stable across builds and machines.
    static func hash(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(10))
    }
}
