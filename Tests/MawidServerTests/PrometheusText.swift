import Foundation
import Testing

/// The Prometheus text exposition format, read strictly: every line a `# HELP`, a `# TYPE` or a well-formed
/// sample of a declared family; anything else is recorded as a test issue.
struct PrometheusText {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var samples: [Sample] = []
    /// Family name → counter, gauge, histogram…
    var types: [String: String] = [:]
    var help: [String: String] = [:]

    init(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(text.hasSuffix("\n"), "the text must end with a line feed", sourceLocation: sourceLocation)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if let match = line.wholeMatch(of: /# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)/) {
                help[String(match.1)] = String(match.2)
            } else if let match = line.wholeMatch(of: /# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)/) {
                #expect(types[String(match.1)] == nil, "TYPE twice: \(line)", sourceLocation: sourceLocation)
                types[String(match.1)] = String(match.2)
            } else if let sample = Self.sample(line), let family = family(of: sample) {
                #expect(types[family] != nil, "sample before its TYPE: \(line)", sourceLocation: sourceLocation)
                samples.append(sample)
            } else {
                Issue.record("not a Prometheus line: \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The family a sample belongs to: its own name, or a histogram's name for `_bucket`, `_sum`, `_count`.
    private func family(of sample: Sample) -> String? {
        if types[sample.name] != nil { return sample.name }
        for suffix in ["_bucket", "_sum", "_count"] where sample.name.hasSuffix(suffix) {
            let base = String(sample.name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" {
                return suffix == "_bucket" && sample.labels["le"] == nil ? nil : base
            }
        }
        return nil
    }

    /// `name{label="value",…} 1.5`, label values with `\\`, `\"` and `\n` escaped; nil if malformed.
    static func sample(_ line: Substring) -> Sample? {
        guard let name = line.prefixMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/)?.output else { return nil }
        var rest = line[name.endIndex...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let label = rest.prefixMatch(of: /([a-zA-Z_][a-zA-Z0-9_]*)="/) else { return nil }
                rest = rest[label.range.upperBound...]
                var value = ""
                while true {
                    guard let character = rest.first else { return nil }
                    rest = rest.dropFirst()
                    if character == "\"" { break }
                    if character == "\\" {
                        guard let escaped = rest.first, "\\\"n".contains(escaped) else { return nil }
                        value.append(escaped == "n" ? "\n" : escaped)
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                guard labels.updateValue(value, forKey: String(label.1)) == nil else { return nil }
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { return nil }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " ", let value = Self.value(rest.dropFirst()) else { return nil }
        return Sample(name: String(name), labels: labels, value: value)
    }

    private static func value(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: text.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/) != nil ? Double(text) : nil
        }
    }

    /// The value of the one sample named `name` with exactly these labels, or nil.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { $0.name == name && $0.labels == labels }
        #expect(matching.count <= 1, "\(name) \(labels) appears \(matching.count) times")
        return matching.first?.value
    }
}
