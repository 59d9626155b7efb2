import Foundation
import Testing
@testable import MawidBooking

@Suite struct ICalendarTests {
    let stamp = instant("2025-03-18T06:00:00Z")

    func event(summary: String = "Consultation", location: String? = "8 chemin Ahmed Kara, Hydra",
               description: String? = nil, status: ICalendar.Event.Status = .confirmed) -> ICalendar.Event {
        ICalendar.Event(uid: "booking-42@mawid.example.dz", start: instant("2025-03-19T08:00:00Z"),
                        end: instant("2025-03-19T08:30:00Z"), summary: summary, location: location,
                        description: description, status: status, stamp: stamp)
    }

    @Test func feedParsesStrictly() throws {
        let feed = ICalendar.feed(name: "Dr Amina Haddad", events: [
            event(),
            event(summary: "Rendez-vous, contrôle; suivi", location: nil, description: "Ligne 1\nLigne 2 \\ fin", status: "tentative"),
            event(status: .cancelled),
        ])
        let calendar = try ICSParser.parse(feed)
        #expect(calendar.name == "VCALENDAR")
        #expect(calendar.value("VERSION") == "2.0")
        #expect(calendar.value("PRODID") == "-//Mawid//Mawid//EN")
        #expect(calendar.value("CALSCALE") == "GREGORIAN")
        #expect(calendar.value("METHOD") == "PUBLISH")
        #expect(calendar.value("X-WR-CALNAME") == "Dr Amina Haddad")
        #expect(calendar.children.count == 3)
        let first = calendar.children[0]
        #expect(first.name == "VEVENT")
        #expect(first.value("UID") == "booking-42@mawid.example.dz")
        #expect(first.value("DTSTAMP") == "20250318T060000Z")
        #expect(first.value("DTSTART") == "20250319T080000Z")
        #expect(first.value("DTEND") == "20250319T083000Z")
        #expect(first.value("SUMMARY") == "Consultation")
        #expect(first.value("LOCATION") == "8 chemin Ahmed Kara, Hydra")
        #expect(first.value("STATUS") == "CONFIRMED")
        #expect(first.value("DESCRIPTION") == nil)
        let second = calendar.children[1]
        #expect(second.value("SUMMARY") == "Rendez-vous, contrôle; suivi")
        #expect(second.value("DESCRIPTION") == "Ligne 1\nLigne 2 \\ fin")
        #expect(second.value("LOCATION") == nil)
        #expect(second.value("STATUS") == "TENTATIVE")
        #expect(calendar.children[2].value("STATUS") == "CANCELLED")
    }

    @Test func textEscaping() {
        #expect(ICalendar.escape(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICalendar.escape("one\r\ntwo\rthree\nfour") == #"one\ntwo\nthree\nfour"#)
        #expect(ICalendar.escape("tab\there\u{7}bell\u{0}") == "tab\therebell")
        #expect(ICalendar.escape("موعد: د. أمينة") == "موعد: د. أمينة")
        let feed = ICalendar.feed(name: "x", events: [event(summary: "a,b;c\\d\ne")])
        #expect(feed.contains("SUMMARY:a\\,b\\;c\\\\d\\ne\r\n"))
    }

    @Test func linesAreFoldedAt75OctetsWithoutSplittingCharacters() throws {
        let arabic = "موعد مع الدكتورة أمينة حداد في عيادة القلب، حيدرة، الجزائر العاصمة — فحص دوري للمتابعة بعد العملية"
        let long = String(repeating: "é", count: 100) + String(repeating: "x", count: 33) + "🩺✓"
        let feed = ICalendar.feed(name: arabic, events: [event(summary: arabic, location: long, description: arabic + "\n" + arabic)])
        let bytes = Array(feed.utf8)
        #expect(bytes.suffix(2) == [13, 10])
        var folded = 0
        for line in try ICSParser.physicalLines(bytes) {
            #expect(line.count <= 75, "\(line.count) octets")
            // Each line is valid UTF-8 on its own: no sequence was split.
            #expect(String(validating: line, as: UTF8.self) != nil)
            if line.first == 32 { folded += 1 }
        }
        #expect(folded > 10)
        let calendar = try ICSParser.parse(feed)
        #expect(calendar.value("X-WR-CALNAME") == arabic)
        #expect(calendar.children[0].value("SUMMARY") == arabic)
        #expect(calendar.children[0].value("LOCATION") == long)
        #expect(calendar.children[0].value("DESCRIPTION") == arabic + "\n" + arabic)
    }

    @Test func foldingBoundaries() {
        let exact = "SUMMARY:" + String(repeating: "a", count: 67)  // 75 octets
        #expect(ICalendar.fold(exact) == exact + "\r\n")
        let over = exact + "b"
        #expect(ICalendar.fold(over) == exact + "\r\n b\r\n")
        // A two-byte letter that would straddle octet 75 moves to the next line whole.
        let straddling = "SUMMARY:" + String(repeating: "a", count: 66) + "é"
        #expect(ICalendar.fold(straddling) == "SUMMARY:" + String(repeating: "a", count: 66) + "\r\n é\r\n")
        // Continuation lines hold 74 octets after their space.
        let twoFolds = ICalendar.fold(String(repeating: "z", count: 75 + 74 + 1))
        #expect(twoFolds == String(repeating: "z", count: 75) + "\r\n " + String(repeating: "z", count: 74) + "\r\n z\r\n")
    }

    @Test func emptyFeedAndStatusNormalization() throws {
        let calendar = try ICSParser.parse(ICalendar.feed(name: "Dr X", events: []))
        #expect(calendar.children.isEmpty)
        #expect(ICalendar.Event.Status("confirmed") == .confirmed)
        #expect(ICalendar.Event.Status("CANCELLED\r\nX-EVIL:1").value == "CANCELLEDX-EVIL")
    }
}

/// A strict reader of what `ICalendar.feed` writes (RFC 5545): CRLF only, lines of at most 75 octets,
/// well-formed content lines, balanced BEGIN/END, escapes only where allowed, required properties present.
enum ICSParser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    struct Property {
        var name: String
        var parameters: [String: String]
        var value: String
    }

    final class Component {
        let name: String
        var properties: [Property] = []
        var children: [Component] = []
        init(name: String) { self.name = name }

        /// The value of the only property `name`, unescaped for TEXT properties; nil if absent.
        func value(_ name: String) -> String? { properties.first { $0.name == name }?.value }
    }

    static let textProperties: Set = ["SUMMARY", "LOCATION", "DESCRIPTION", "UID", "NAME", "X-WR-CALNAME", "PRODID"]
    static let dateTimeProperties: Set = ["DTSTAMP", "DTSTART", "DTEND"]

    /// The octets of each physical line; throws on a bare CR or LF or a missing final CRLF.
    static func physicalLines(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                guard index + 1 < bytes.count, bytes[index + 1] == 10 else { throw Failure("bare CR") }
                lines.append(current)
                current = []
                index += 2
                continue
            }
            if byte == 10 { throw Failure("bare LF") }
            current.append(byte)
            index += 1
        }
        guard current.isEmpty else { throw Failure("no CRLF after the last line") }
        return lines
    }

    static func parse(_ text: String) throws -> Component {
        var logical: [String] = []
        for line in try physicalLines(Array(text.utf8)) {
            guard line.count <= 75 else { throw Failure("line of \(line.count) octets") }
            guard let string = String(validating: line, as: UTF8.self) else { throw Failure("split UTF-8 sequence") }
            if string.hasPrefix(" ") || string.hasPrefix("\t") {
                guard !logical.isEmpty else { throw Failure("continuation first") }
                logical[logical.count - 1] += string.dropFirst()
            } else {
                logical.append(string)
            }
        }
        var stack: [Component] = []
        var root: Component?
        for line in logical {
            let property = try contentLine(line)
            switch property.name {
            case "BEGIN":
                guard root == nil else { throw Failure("content after END:VCALENDAR") }
                guard property.value == "VCALENDAR" ? stack.isEmpty : stack.last?.name == "VCALENDAR" else {
                    throw Failure("misplaced BEGIN:\(property.value)")
                }
                stack.append(Component(name: property.value))
            case "END":
                guard let top = stack.popLast(), top.name == property.value else { throw Failure("unbalanced END") }
                try check(top)
                if let parent = stack.last { parent.children.append(top) } else { root = top }
            default:
                guard let top = stack.last else { throw Failure("property outside a component") }
                top.properties.append(property)
            }
        }
        guard stack.isEmpty, let root, root.name == "VCALENDAR" else { throw Failure("unterminated calendar") }
        return root
    }

    /// `NAME *(";" param) ":" value`, the value unescaped for TEXT properties.
    static func contentLine(_ line: String) throws -> Property {
        guard let colon = line.firstIndex(of: ":") else { throw Failure("no colon: \(line)") }
        let head = line[..<colon].split(separator: ";", omittingEmptySubsequences: false)
        let name = String(head[0])
        let nameCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(nameCharacters.contains) else { throw Failure("bad name \(name)") }
        var parameters: [String: String] = [:]
        for parameter in head.dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw Failure("bad parameter \(parameter)") }
            parameters[String(parts[0])] = String(parts[1])
        }
        var value = String(line[line.index(after: colon)...])
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) else {
            throw Failure("control character in \(name)")
        }
        if textProperties.contains(name) { value = try unescape(value, property: name) }
        if dateTimeProperties.contains(name) {
            let digits = value.filter(\.isASCII)
            guard value.count == 16, digits.count == 16, value.hasSuffix("Z"), Array(value)[8] == "T",
                  value.replacingOccurrences(of: "T", with: "").dropLast().allSatisfy(\.isNumber)
            else { throw Failure("bad UTC date-time \(value)") }
        }
        return Property(name: name, parameters: parameters, value: value)
    }

    /// RFC 5545 §3.3.11: `\\`, `\;`, `\,`, `\n`/`\N`; an unescaped `;` or `,` is an error.
    static func unescape(_ value: String, property: String) throws -> String {
        var out = ""
        var iterator = value.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case "\\":
                switch iterator.next() {
                case "\\": out += "\\"
                case ";": out += ";"
                case ",": out += ","
                case "n", "N": out += "\n"
                default: throw Failure("bad escape in \(property)")
                }
            case ";", ",": throw Failure("unescaped \(scalar) in \(property)")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Required properties, each at most once.
    static func check(_ component: Component) throws {
        let required: [String], single: [String]
        switch component.name {
        case "VCALENDAR":
            required = ["VERSION", "PRODID"]
            single = ["VERSION", "PRODID", "CALSCALE", "METHOD"]
            guard component.value("VERSION") == "2.0" else { throw Failure("VERSION is not 2.0") }
        case "VEVENT":
            required = ["UID", "DTSTAMP", "DTSTART"]
            single = ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS"]
            if let start = component.value("DTSTART"), let end = component.value("DTEND"), end < start {
                throw Failure("DTEND before DTSTART")
            }
            if let status = component.value("STATUS"), !["CONFIRMED", "TENTATIVE", "CANCELLED"].contains(status) {
                throw Failure("bad STATUS \(status)")
            }
        default:
            throw Failure("unexpected component \(component.name)")
        }
        for name in required where component.value(name) == nil { throw Failure("\(component.name) lacks \(name)") }
        for name in single where component.properties.filter({ $0.name == name }).count > 1 {
            throw Failure("\(component.name) has \(name) twice")
        }
    }
}
