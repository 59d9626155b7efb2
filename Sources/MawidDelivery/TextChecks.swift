extension String {
    /// True if the text holds a line break of any kind (header and command injection).
    public var hasLineBreak: Bool {
        unicodeScalars.contains { ["\r", "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }
    }
}

/// `host`, `host:port` or `[v6]:port`: the SMTP server of the notify config, the `--metrics` address.
public enum HostPort {
    /// Host and port, `defaultPort` when none is given (nil: a port is required); nil for an empty host, a port
    /// outside 1…65535, an IPv6 address without its brackets, or a host with white space, `@`, `/`, `?` or `#`.
    public static func parse(_ authority: some StringProtocol, defaultPort: Int?) -> (host: String, port: Int)? {
        var host = String(authority)[...], port = defaultPort
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = host[..<colon]
        }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            return nil
        }
        guard let port, !host.isEmpty, !host.contains(where: { $0.isWhitespace || "@/?#".contains($0) }) else { return nil }
        return (String(host), port)
    }

    /// `host:port`, with brackets around an IPv6 address.
    public static func text(host: String, port: Int) -> String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }
}
