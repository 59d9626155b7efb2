import Foundation
import Yams

/// UI strings of one language from `Templates/i18n/<lang>.yml`, with the default language filling gaps.
public struct Strings: @unchecked Sendable {
    /// Nested dictionary handed to templates as `t`.
    public let table: [String: Any]

    public init(table: [String: Any]) { self.table = table }

    /// Loads every language; a language without its own file uses the default language's strings.
    public static func load(directory: String, languages: [String]) throws(ContentErrors) -> [String: Strings] {
        var errors: [ContentError] = []
        var tables: [String: [String: Any]] = [:]
        for language in languages {
            let path = directory + "/i18n/\(language).yml"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                errors.append(ContentError(path: path, line: 1, field: "i18n", message: "UI strings for \"\(language)\" not found",
                                           suggestion: "copy Templates/i18n/fr.yml to \(language).yml and translate it"))
                continue
            }
            do {
                guard let table = try Yams.load(yaml: text) as? [String: Any] else {
                    errors.append(ContentError(path: path, line: 1, field: "i18n", message: "expected `key: text` lines"))
                    continue
                }
                tables[language] = table
            } catch {
                errors.append(ContentError(path: path, line: 1, field: "i18n", message: "YAML error: \(error)"))
            }
        }
        if !errors.isEmpty { throw ContentErrors(errors) }
        let defaultTable = tables[languages[0]] ?? [:]
        var result: [String: Strings] = [:]
        for language in languages {
            result[language] = Strings(table: merge(tables[language] ?? [:], over: defaultTable))
        }
        return result
    }

    /// Codes of spoken languages the strings can name (`languages:` in the default language's file).
    public var languageCodes: [String] { (table["languages"] as? [String: Any]).map { Array($0.keys).sorted() } ?? [] }

    public subscript(key: String) -> String? { table[key] as? String }

    /// A value in a nested map such as `days.sun`.
    public func nested(_ group: String, _ key: String) -> String? {
        (table[group] as? [String: Any])?[key] as? String
    }

    public var isRightToLeft: Bool { self["direction"] == "rtl" }

    private static func merge(_ primary: [String: Any], over fallback: [String: Any]) -> [String: Any] {
        var result = fallback
        for (key, value) in primary {
            if let inner = value as? [String: Any], let base = fallback[key] as? [String: Any] {
                result[key] = merge(inner, over: base)
            } else {
                result[key] = value
            }
        }
        return result
    }
}
