import Foundation
import MawidBooking
import MawidSite

/// Applies content changes while serving (`mawid serve`: at start, on `--watch` events, on SIGHUP): an
/// incremental build with the `SiteProject`, then the new content published to `LiveContent` in one step.
///
/// A change with errors changes nothing: the server keeps the last good content, prints each problem as
/// `path:line: field: message (suggestion)` and shows them in /review until they are fixed. Reloads never
/// overlap; changes arriving during one are applied by one more reload right after.
public actor ContentReloader {
    /// What a reload did, for the log.
    public enum Outcome: Sendable {
        /// `fixed`: the reload before this one had been refused.
        case updated(SiteBuilder.Report, fixed: Bool)
        case kept([ContentError])
        case failed(String)
    }

    let project: SiteProject
    let live: LiveContent
    /// Called with each new content before it is published (the message texts follow the templates);
    /// throwing `ContentErrors` publishes the content but lists the problems.
    let prepare: @Sendable (SiteRenderer) throws(ContentErrors) -> Void
    private let queue = DispatchQueue(label: "mawid.reload", qos: .userInitiated)
    private var running = false
    private var again = false
    private var refused = false
    /// Paths changed since the last reload began (for `SiteProject.update`); nil: unknown, look at everything.
    private var pending: Set<String>? = []

    public init(project: SiteProject, live: LiveContent,
                prepare: @escaping @Sendable (SiteRenderer) throws(ContentErrors) -> Void = { _ in }) {
        self.project = project
        self.live = live
        self.prepare = prepare
    }

    /// The first load at start: the content is published as soon as it is read and valid, before the site is
    /// written, so bookings are answered while the pages are brought up to date.
    public func start() async -> Outcome {
        let live = self.live
        let prepare = self.prepare
        let outcome = await build { site in
            do throws(ContentErrors) { try prepare(site) } catch { live.setProblems(error.errors) }
            live.replace(with: site)
        }
        if case .updated = outcome { live.siteWritten() }
        return outcome
    }

    /// Applies the current content; `report` gets each reload's outcome (one call may run several reloads
    /// when changes keep coming).
    ///
    /// `changed`: the paths a `DirectoryWatcher` started before `start()` reported; only those files are
    /// looked at. nil (SIGHUP): every file is.
    public func reload(changed: Set<String>? = nil, report: @Sendable (Outcome) -> Void) async {
        if let changed { pending?.formUnion(changed) } else { pending = nil }
        if running {
            again = true
            return
        }
        running = true
        defer { running = false }
        repeat {
            again = false
            let changed = pending
            pending = []
            // The new rules are switched in as soon as the doctors' pages are written (`SiteProject.update`),
            // then the requests still on the old content are waited for.
            let switched = Switched()
            let live = self.live, prepare = self.prepare
            var outcome = await build(changed: changed, loaded: nil) { site in
                var problems: [ContentError] = []
                do throws(ContentErrors) { try prepare(site) } catch { problems = error.errors }
                let old = live.replace(with: site)
                switched.set(old: old, problems: problems)
            }
            if let (old, problems) = switched.value {
                await live.drain(old)
                live.setProblems(problems)
            }
            switch outcome {
            case .updated(let built, _):
                outcome = .updated(built, fixed: refused)
                refused = false
            case .kept(let problems):
                live.setProblems(problems)
                refused = true
            case .failed:
                refused = true
            }
            report(outcome)
        } while again
    }

    /// Stops a first build still writing a new site folder (the server is stopping).
    public nonisolated func cancel() { project.cancel() }

    private func build(changed: Set<String>? = nil, loaded: (@Sendable (SiteRenderer) -> Void)?,
                       pagesWritten: (@Sendable (SiteRenderer) -> Void)? = nil) async -> Outcome {
        let project = self.project
        return await withCheckedContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: .updated(try project.update(changed: changed, loaded: loaded, pagesWritten: pagesWritten),
                                                            fixed: false))
                } catch let errors as ContentErrors {
                    continuation.resume(returning: .kept(errors.errors))
                } catch {
                    continuation.resume(returning: .failed("\(error)"))
                }
            }
        }
    }
}

/// What the switch inside a reload did: the version it replaced and the problems of preparing the new one.
private final class Switched: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (LiveContent.Version?, [ContentError])?

    func set(old: LiveContent.Version?, problems: [ContentError]) { lock.withLock { stored = (old, problems) } }

    var value: (LiveContent.Version?, [ContentError])? { lock.withLock { stored } }
}
