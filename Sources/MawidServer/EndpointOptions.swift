import Foundation

/// Settings of the booking endpoint (`mawid serve` flags).
public struct EndpointOptions: Sendable {
    /// SQLite file; created with mode 0600 on first start.
    public var database: String
    /// How many days ahead patients may book.
    public var horizonDays: Int
    /// POSTs allowed per client per minute; 0 turns the limit off.
    public var postsPerMinute: Int
    /// Use the first `X-Forwarded-For` address as the client (behind a reverse proxy).
    public var trustForwardedFor: Bool
    /// Public address of this server for the links given to patients (`manageURL`);
    /// nil uses the site's `baseURL`.
    public var publicURL: String?
    /// Patients may not cancel or move a visit starting within this many seconds (they phone instead).
    public var patientCutoff: TimeInterval = 2 * 3600
    /// The `content/` folder, where the hours form in /review writes the doctors' files; nil: the form only
    /// shows the hours.
    public var contentDirectory: String?
    /// The current time; tests move it.
    public var clock: @Sendable () -> Date

    public init(database: String = "data/mawid.sqlite", horizonDays: Int = 90, postsPerMinute: Int = 20,
                trustForwardedFor: Bool = false, publicURL: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.horizonDays = horizonDays
        self.postsPerMinute = postsPerMinute
        self.trustForwardedFor = trustForwardedFor
        self.publicURL = publicURL
        self.clock = clock
    }
}
