/// Where a caller of `BookingStore.create` wants to go on once its booking is committed: the server names its
/// connection's event loop (`LoopPlace`), so the answer is written there without another hop between threads.
/// `GroupCommitWriter` hands all callers of one batch and place over in one `execute`.
public protocol ResumePlace: Sendable {
    /// Places with the same id are one place.
    var id: ObjectIdentifier { get }
    /// Runs `work` at this place, soon and once.
    func execute(_ work: @escaping @Sendable () -> Void)
}
