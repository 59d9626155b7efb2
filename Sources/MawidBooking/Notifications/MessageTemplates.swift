import Foundation
import MawidSite
import Yams

/// The texts of one message kind in one language: `{{placeholder}}`s filled by `MessageRenderer`.
public struct MessageTemplate: Sendable, Hashable {
    /// Nil for kinds sent by email only (the digest).
    public var sms: String?
    public var subject: String
    public var body: String
}

/// Names of days and months and the date patterns of one language.
public struct DateWords: Sendable, Hashable {
    /// Pattern of `{{date}}`, e.g. `{{weekday}} {{day}} {{month}} {{year}}`.
    public var long: String
    /// Pattern of `{{shortDate}}` (for SMS), e.g. `{{weekdayShort}} {{dd}}/{{mm}}`.
    public var short: String
    public var weekdays: [Weekday: String]
    public var weekdaysShort: [Weekday: String]
    /// January first.
    public var months: [String]
}

/// Every language's message texts, from `Templates/messages/<lang>.yml`.
public struct MessageTemplates: Sendable {
    public struct Language: Sendable {
        public var templates: [MessageKind: MessageTemplate]
        public var dates: DateWords
    }

    public let languages: [String: Language]
    /// The first language of the site: used when a patient's language has no file, and for the practice.
    public let defaultLanguage: String

    public init(languages: [String: Language], defaultLanguage: String) {
        self.languages = languages
        self.defaultLanguage = defaultLanguage
    }

    /// The language's texts, or the default language's.
    public func language(_ code: String) -> (code: String, texts: Language) {
        if let texts = languages[code] { return (code, texts) }
        return (defaultLanguage, languages[defaultLanguage]!)
    }

    /// Loads `<directory>/<lang>.yml` for each language (default first). Every problem is reported at once:
    /// a missing file or kind, an unknown placeholder, an email-only placeholder in an SMS.
    public static func load(directory: String, languages: [String]) throws(ContentErrors) -> MessageTemplates {
        var errors: [ContentError] = []
        var loaded: [String: Language] = [:]
        for code in languages {
            let path = directory + "/\(code).yml"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                errors.append(ContentError(path: path, line: 1, field: "messages", message: "message texts for \"\(code)\" not found",
                                           suggestion: "copy \(directory)/fr.yml to \(code).yml and translate it"))
                continue
            }
            do {
                loaded[code] = try parse(text, path: path)
            } catch let problems as ContentErrors {
                errors += problems.errors
            } catch {
                errors.append(ContentError(path: path, line: 1, field: "messages", message: "YAML error: \(error)"))
            }
        }
        if !errors.isEmpty { throw ContentErrors(errors) }
        return MessageTemplates(languages: loaded, defaultLanguage: languages[0])
    }

    /// One language file's contents.
    static func parse(_ text: String, path: String) throws -> Language {
        guard let table = try Yams.load(yaml: text) as? [String: Any] else {
            throw ContentErrors([ContentError(path: path, line: 1, field: "messages", message: "expected `kind:` maps")])
        }
        var errors: [ContentError] = []
        func problem(_ field: String, _ message: String) {
            errors.append(ContentError(path: path, line: line(of: field, in: text), field: field, message: message))
        }
        var templates: [MessageKind: MessageTemplate] = [:]
        for kind in MessageKind.allCases {
            guard let entry = table[kind.rawValue] as? [String: Any] else {
                problem(kind.rawValue, "missing: give its sms, subject and body")
                continue
            }
            let sms = entry["sms"] as? String
            let subject = entry["subject"] as? String
            let body = entry["body"] as? String
            if kind.hasSMS && sms == nil { problem(kind.rawValue, "missing sms") }
            if subject == nil { problem(kind.rawValue, "missing subject") }
            if body == nil { problem(kind.rawValue, "missing body") }
            for (part, value) in [("sms", sms), ("subject", subject), ("body", body)] {
                guard let value else { continue }
                for name in MessageRenderer.placeholders(in: value) where !kind.placeholders.contains(name)
                    || (part != "body" && MessageKind.emailOnly.contains(name)) {
                    let known = kind.placeholders.subtracting(part == "body" ? [] : MessageKind.emailOnly).sorted()
                    problem("\(kind.rawValue).\(part)", "unknown placeholder {{\(name)}} (known here: \(known.joined(separator: ", ")))")
                }
            }
            if let subject, let body {
                templates[kind] = MessageTemplate(sms: kind.hasSMS ? sms : nil, subject: subject, body: body)
            }
        }
        let dates = dateWords(table, problem: problem)
        if !errors.isEmpty { throw ContentErrors(errors) }
        return Language(templates: templates, dates: dates)
    }

    private static func dateWords(_ table: [String: Any], problem: (String, String) -> Void) -> DateWords {
        func days(_ key: String) -> [Weekday: String] {
            let map = table[key] as? [String: Any] ?? [:]
            var result: [Weekday: String] = [:]
            for day in Weekday.allCases {
                if let name = map[day.rawValue] as? String { result[day] = name } else { problem(key, "missing \(day.rawValue)") }
            }
            return result
        }
        let months = (table["months"] as? [Any])?.compactMap { $0 as? String } ?? []
        if months.count != 12 { problem("months", "expected the 12 month names, January first") }
        let long = table["date"] as? String ?? "{{day}}/{{mm}}/{{year}}"
        let short = table["short_date"] as? String ?? "{{dd}}/{{mm}}"
        return DateWords(long: long, short: short, weekdays: days("weekdays"), weekdaysShort: days("weekdays_short"),
                         months: months.count == 12 ? months : (1...12).map(String.init))
    }

    /// The line where `field` (`kind` or `kind.part`) starts, for error messages; 1 if not found.
    private static func line(of field: String, in text: String) -> Int {
        let key = String(field.split(separator: ".").first ?? "")
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix(key + ":") {
            return index + 1
        }
        return 1
    }
}
