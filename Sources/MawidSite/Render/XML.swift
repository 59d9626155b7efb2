/// Escaping for text placed in XML or HTML by Swift code (templates escape on their own).
enum XML {
    static func escape(_ s: String) -> String {
        guard s.contains(where: { "<>&\"'".contains($0) }) else { return s }
        var out = ""
        out.reserveCapacity(s.count + 16)
        for ch in s {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
