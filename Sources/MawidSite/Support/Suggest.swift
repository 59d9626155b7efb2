/// "Did you mean" suggestions for misspelled keys and slugs.
public enum Suggest {
    /// The closest candidate within a small edit distance, or nil.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if distance <= max(2, target.count / 3), distance < (best?.1 ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// "did you mean `x`?" or, when nothing is close, the list of valid choices. `prefix` is put before the
    /// choices shown (`email.` for keys under `email:`), not compared.
    public static func hint(for word: String, in candidates: [String], prefix: String = "") -> String {
        if let match = closest(to: word, in: candidates) {
            return "did you mean \"\(prefix)\(match)\"?"
        }
        return "expected one of: " + candidates.sorted().map { prefix + $0 }.joined(separator: ", ")
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
