import Foundation

/// `Templates/`: the Mustache templates, the UI strings of each language and the assets, with a digest of
/// the files the site's pages are made from (`messages/` and `review/` serve the server only).
struct Theme {
    let templates: TemplateSet
    let strings: [String: Strings]
    let assets: Assets
    let digest: String
    /// What the theme was loaded from: reloading is skipped while these are unchanged.
    let stamps: [String: FileStamp]
    let languages: [String]

    /// Every regular file under `directory` and its stamp (symbolic links to files followed, not to folders).
    static func stamps(_ directory: String) -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        let names = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String]) ?? []
        for name in names {
            guard let stamp = FileStamp(path: directory + "/" + name) else { continue }
            var info = stat()
            if stat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { stamps[name] = stamp }
        }
        return stamps
    }

    static func load(directory: String, languages: [String], stamps: [String: FileStamp]) throws(ContentErrors) -> Theme {
        var errors: [ContentError] = []
        var templates: TemplateSet?
        do { templates = try TemplateSet(directory: directory) } catch { errors += error.errors }
        var strings: [String: Strings] = [:]
        if !languages.isEmpty {
            do { strings = try Strings.load(directory: directory, languages: languages) } catch { errors += error.errors }
        }
        guard errors.isEmpty, let templates else { throw ContentErrors(errors) }
        var digest = SourceDigest()
        digest.add(languages.joined(separator: ","))
        for name in stamps.keys.sorted() where !name.hasPrefix("messages/") && !name.hasPrefix("review/")
            && name != "review-layout.mustache" {
            digest.add(name)
            if case .success(let bytes) = SourceReader.read(directory + "/" + name) { digest.add(bytes) } else { digest.add("-") }
        }
        return Theme(templates: templates, strings: strings, assets: Assets(directory: directory + "/assets"),
                     digest: digest.hex(), stamps: stamps, languages: languages)
    }
}
