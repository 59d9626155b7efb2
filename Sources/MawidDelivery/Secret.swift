/// A password or token from the notify config. It prints as `(hidden)`, so a log line, an error or a dump of
/// the settings (`dump` included) never shows it; `reveal` is for the one place that hands it to its server.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) { self.value = value }

    public var reveal: String { value }
    public var description: String { "(hidden)" }
    public var debugDescription: String { "(hidden)" }
    /// `dump` shows no field either.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
