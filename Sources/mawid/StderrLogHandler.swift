import Logging

/// swift-log's `StreamLogHandler` on standard error, with its metadata formatted when a line is written rather
/// than each time metadata is set.
///
/// Hummingbird gives every request a logger with its own `hb.request.id`; `StreamLogHandler` formats all its
/// metadata into a string on every such set (the request id as hex, the pairs sorted and joined), although
/// the server writes a line for hardly any request. Lines come out in `StreamLogHandler`'s format.
struct StderrLogHandler: LogHandler {
    private var stream: StreamLogHandler
    var metadata = Logger.Metadata()

    init(label: String) {
        stream = StreamLogHandler.standardError(label: label)
    }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            // The event's own metadata wins, as in `StreamLogHandler`.
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        stream.log(event: event)
    }
}
