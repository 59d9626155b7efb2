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

/// Names of days and months and the date patterns of one language. The day names are the site's (`days` and
/// `days_short` in `Templates/i18n/<lang>.yml`); the months and patterns are the messages' own.
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

    /// Loads `<directory>/<lang>.yml` for each language (default first), with the day names of `strings` (the
    /// site's UI strings of that language). Every problem is reported at once: a missing file or kind, an unknown
    /// placeholder, an email-only placeholder in an SMS, a day without its name.
    public static func load(directory: String, languages: [String],
                            strings: (String) -> Strings) throws(ContentErrors) -> MessageTemplates {
        var errors: [ContentError] = []
        var loaded: [String: Language] = [:]
        for code in languages {
            let days: DayNames
            do {
                days = try DayNames(strings(code), path: (directory as NSString).deletingLastPathComponent + "/i18n/\(code).yml")
            } catch {
                errors += error.errors
                continue
            }
            let path = directory + "/\(code).yml"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                errors.append(ContentError(path: path, line: 1, field: "messages", message: "message texts for \"\(code)\" not found",
                                           suggestion: "copy \(directory)/fr.yml to \(code).yml and translate it"))
                continue
            }
            do {
                loaded[code] = try parse(text, path: path, days: days)
            } catch {
                errors += error.errors
            }
        }
        if !errors.isEmpty { throw ContentErrors(errors) }
        return MessageTemplates(languages: loaded, defaultLanguage: languages[0])
    }

    /// One language file's contents. Parsed like content files (`SourceFile.parseYAML`), so every error
    /// names the line of its key: `fr.yml:23: received.sms: unknown placeholder {{reason}} (…)`.
    static func parse(_ text: String, path: String, days: DayNames) throws(ContentErrors) -> Language {
        var reader = try FieldReader(yaml: text, path: path)
        let fields = reader.fields
        var templates: [MessageKind: MessageTemplate] = [:]
        for kind in MessageKind.allCases {
            guard fields[kind.rawValue]?.node.mapping != nil, var entry = reader.nested(kind.rawValue) else {
                reader.fail(kind.rawValue, "missing: give its sms, subject and body")
                continue
            }
            let sms = scalarText(entry.fields["sms"])
            let subject = scalarText(entry.fields["subject"])
            let body = scalarText(entry.fields["body"])
            if kind.hasSMS && sms == nil { reader.fail(kind.rawValue, "missing sms") }
            if subject == nil { reader.fail(kind.rawValue, "missing subject") }
            if body == nil { reader.fail(kind.rawValue, "missing body") }
            for (part, value) in [("sms", sms), ("subject", subject), ("body", body)] {
                guard let value else { continue }
                for name in MessageRenderer.placeholders(in: value) where !kind.placeholders.contains(name)
                    || (part != "body" && MessageKind.emailOnly.contains(name)) {
                    let known = kind.placeholders.subtracting(part == "body" ? [] : MessageKind.emailOnly).sorted()
                    entry.fail(part, "unknown placeholder {{\(name)}} (known here: \(known.joined(separator: ", ")))")
                }
            }
            reader.merge(entry)
            if let subject, let body {
                templates[kind] = MessageTemplate(sms: kind.hasSMS ? sms : nil, subject: subject, body: body)
            }
        }
        let dates = dateWords(&reader, days: days)
        if !reader.errors.isEmpty { throw ContentErrors(reader.errors) }
        return Language(templates: templates, dates: dates)
    }

    private static func dateWords(_ reader: inout FieldReader, days: DayNames) -> DateWords {
        let months = reader.fields["months"]?.node.sequence?.compactMap(scalarText) ?? []
        if months.count != 12 { reader.fail("months", "expected the 12 month names, January first") }
        let long = scalarText(reader.fields["date"]) ?? "{{day}}/{{mm}}/{{year}}"
        let short = scalarText(reader.fields["short_date"]) ?? "{{dd}}/{{mm}}"
        return DateWords(long: long, short: short, weekdays: days.long, weekdaysShort: days.short,
                         months: months.count == 12 ? months : (1...12).map(String.init))
    }

    /// A text value as written (a block's final line break kept); nil if absent, null or not a scalar.
    private static func scalarText(_ field: Field?) -> String? { field.flatMap { scalarText($0.node) } }

    private static func scalarText(_ node: Node) -> String? {
        guard let scalar = node.scalar, node.null == nil else { return nil }
        return scalar.string
    }
}

/// The names of the days in one language, from the site's UI strings (`days`, `days_short`).
struct DayNames: Sendable {
    var long: [Weekday: String]
    var short: [Weekday: String]

    init(long: [Weekday: String], short: [Weekday: String]) {
        self.long = long
        self.short = short
    }

    /// Every day of `days` and `days_short` in `strings`; an error names `path` (the i18n file) otherwise.
    init(_ strings: Strings, path: String) throws(ContentErrors) {
        var errors: [ContentError] = []
        func names(_ group: String) -> [Weekday: String] {
            var names: [Weekday: String] = [:]
            for day in Weekday.allCases {
                if let name = strings.nested(group, day.rawValue) {
                    names[day] = name
                } else {
                    errors.append(ContentError(path: path, line: 1, field: group, message: "missing \(day.rawValue)",
                                               suggestion: "give the name of every day: sun, mon, tue, wed, thu, fri, sat"))
                }
            }
            return names
        }
        long = names("days")
        short = names("days_short")
        if !errors.isEmpty { throw ContentErrors(errors) }
    }
}
