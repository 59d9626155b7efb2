import Foundation

/// iCalendar (RFC 5545) feeds a calendar app subscribes to: one VCALENDAR of VEVENTs, times in UTC.
public enum ICalendar {
    public struct Event: Hashable, Sendable {
        /// `STATUS` of a VEVENT.
        public struct Status: Hashable, Sendable, ExpressibleByStringLiteral {
            public let value: String

            /// Any case; only letters and hyphens are kept.
            public init(_ value: String) {
                self.value = String(value.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) || $0 == "-" })
            }

            public init(stringLiteral value: String) { self.init(value) }

            public static let confirmed: Status = "CONFIRMED"
            public static let tentative: Status = "TENTATIVE"
            public static let cancelled: Status = "CANCELLED"
        }

        /// Stable across feeds, e.g. `booking-42@mawid.example.dz`: calendar apps update the event by it.
        public var uid: String
        public var start: Date
        public var end: Date
        public var summary: String
        public var location: String?
        public var description: String?
        public var status: Status
        /// When the event last changed (`DTSTAMP`).
        public var stamp: Date

        public init(uid: String, start: Date, end: Date, summary: String, location: String? = nil,
                    description: String? = nil, status: Status, stamp: Date) {
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.description = description
            self.status = status
            self.stamp = stamp
        }
    }

    /// How often calendar apps should fetch the feed again.
    static let refreshInterval = "PT15M"

    /// The whole feed: CRLF line endings, lines folded at 75 octets.
    public static func feed(name: String, events: [Event]) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Mawid//Mawid//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "NAME:" + escape(name),
            "X-WR-CALNAME:" + escape(name),
            "REFRESH-INTERVAL;VALUE=DURATION:" + refreshInterval,
            "X-PUBLISHED-TTL:" + refreshInterval,
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + escape(event.uid),
                "DTSTAMP:" + utc(event.stamp),
                "DTSTART:" + utc(event.start),
                "DTEND:" + utc(max(event.end, event.start)),
                "SUMMARY:" + escape(event.summary),
            ]
            if let location = event.location { lines.append("LOCATION:" + escape(location)) }
            if let description = event.description { lines.append("DESCRIPTION:" + escape(description)) }
            if !event.status.value.isEmpty { lines.append("STATUS:" + event.status.value) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped; other control
    /// characters but tab dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in FormText.unixNewlines(text).unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.properties.generalCategory != .control { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// `20250318T083000Z`
    static func utc(_ date: Date) -> String {
        Timestamp.string(date).filter { $0 != "-" && $0 != ":" }
    }

    /// One content line, folded (RFC 5545 §3.1): at most 75 octets per line, continuation lines start with
    /// a space, never inside a UTF-8 sequence. Ends with CRLF.
    static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out + "\r\n"
    }
}
