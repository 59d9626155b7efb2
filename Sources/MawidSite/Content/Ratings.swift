import Foundation
import Yams

/// A patient's rating of a doctor after a visit, once the practice published it: what the doctor's page
/// shows (no name: "a verified patient") with the doctor's public answer.
public struct PublishedRating: Sendable, Equatable {
    public var stars: Int
    /// The day it was given.
    public var date: LocalDate
    public var comment: String?
    public var reply: String?

    public init(stars: Int, date: LocalDate, comment: String? = nil, reply: String? = nil) {
        self.stars = stars
        self.date = date
        self.comment = comment
        self.reply = reply
    }
}

/// A doctor's published ratings, newest first, with their count and average.
public struct DoctorRatings: Sendable, Equatable {
    public var items: [PublishedRating]

    public init(_ items: [PublishedRating]) { self.items = items.sorted { $0.date > $1.date } }

    public var count: Int { items.count }
    public var average: Double { items.isEmpty ? 0 : Double(items.reduce(0) { $0 + $1.stars }) / Double(items.count) }
}

/// `content/ratings.yml`: the published ratings by doctor, written by `mawid serve` whenever the practice
/// publishes, hides or answers one (by hand edits are overwritten). Read with the content, so a change
/// reaches the doctor's page (and its schema.org `aggregateRating`) as any content edit does.
public enum RatingsFile {
    public static let name = "ratings.yml"

    /// The file's text for `ratings` (doctors by slug, each newest first).
    public static func text(_ ratings: [String: [PublishedRating]]) -> String {
        var text = "# Published ratings, written by `mawid serve` from /review/ratings: do not edit (the next change there\n"
        text += "# overwrites this file). One list per doctor's slug.\n"
        for slug in ratings.keys.sorted() where !(ratings[slug] ?? []).isEmpty {
            text += "\(slug):\n"
            for rating in DoctorRatings(ratings[slug]!).items {
                var line = "  - { stars: \(rating.stars), date: \(rating.date)"
                if let comment = rating.comment { line += ", comment: \(quoted(comment))" }
                if let reply = rating.reply { line += ", reply: \(quoted(reply))" }
                text += line + " }\n"
            }
        }
        return text
    }

    /// The ratings in `text`, or what is wrong with each entry (`path:line`).
    static func parse(_ text: String, path: String) -> ([String: DoctorRatings], [ContentError]) {
        let fields: [String: Field]
        do { fields = try SourceFile.parseYAML(text, path: path) } catch { return ([:], [error]) }
        var ratings: [String: DoctorRatings] = [:]
        var errors: [ContentError] = []
        for (slug, field) in fields {
            guard let items = field.node.sequence else {
                errors.append(ContentError(path: path, line: field.line, field: slug, message: "expected a list of ratings",
                                           suggestion: "this file is written by mawid serve: publish the ratings from /review/ratings"))
                continue
            }
            var list: [PublishedRating] = []
            for item in items {
                let map = item.mapping
                let stars = map?["stars"]?.int, date = map?["date"]?.string.flatMap { LocalDate($0) }
                guard let stars, (1...5).contains(stars), let date else {
                    errors.append(ContentError(path: path, line: field.line(of: item), field: slug,
                                               message: "a rating needs stars (1 to 5) and a date (YYYY-MM-DD)",
                                               suggestion: "publish the ratings again from /review/ratings"))
                    continue
                }
                list.append(PublishedRating(stars: stars, date: date, comment: map?["comment"]?.string, reply: map?["reply"]?.string))
            }
            ratings[slug] = DoctorRatings(list)
        }
        return (ratings, errors)
    }

    /// A YAML double-quoted scalar (JSON's string syntax, which YAML reads as is).
    static func quoted(_ text: String) -> String {
        let data = try! JSONEncoder().encode(text)
        return String(decoding: data, as: UTF8.self)
    }

    /// What a doctor's ratings are, for the page's key in the incremental build.
    static func digest(_ ratings: DoctorRatings) -> String {
        var digest = SourceDigest()
        for rating in ratings.items {
            digest.add("\(rating.stars)|\(rating.date)|\(rating.comment ?? "")|\(rating.reply ?? "")")
        }
        return digest.hex()
    }
}
