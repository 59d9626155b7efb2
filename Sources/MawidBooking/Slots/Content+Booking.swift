import MawidSite

extension Content {
    /// Doctors patients can book, by slug (drafts left out), for `BookingRequest.validate`.
    public var bookableDoctors: [String: Doctor] {
        Dictionary(doctors.lazy.map(\.base).filter { !$0.draft }.map { ($0.slug, $0) }) { first, _ in first }
    }
}
