import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `/review/outbox`: the emails and SMS about the bookings of the account's doctors (an admin sees every
/// message, sign-in codes of "My appointments" too, their code masked), newest first, recipients masked; a
/// failed one can be sent again.
struct ReviewOutboxRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.get("outbox") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).outbox(request, context) }
        review.post("outbox/:id/retry") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).retry(request, context) }
    }

    func outbox(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        let view = ReviewBookingView(page: page, calendar: endpoint.calendar())
        let messages = try await endpoint.store.outbox(doctors: account.visibleDoctors)
        let rows = messages.map { message -> [String: Any] in
            var row: [String: Any] = [
                "id": message.id,
                "created": view.timestamp(message.createdAt),
                "kind": page.text("kind_" + message.kind.rawValue),
                "channel": page.text("channel_" + message.channel.rawValue),
                "to": message.maskedRecipient,
                "state": message.state.rawValue,
                "stateLabel": page.text("state_" + message.state.rawValue),
                "attempts": message.attempts,
                // A sign-in code still waiting to be sent is never shown (`SignInCodes`).
                "text": message.kind == .loginCode ? SignInCodes.masked(message.body) : Self.withoutTokens(message.body),
                "failed": message.state == .failed,
            ]
            row["subject"] = message.subject
            row["bookingID"] = message.bookingID
            row["reference"] = message.bookingReference
            row["error"] = message.lastError
            if message.state == .sent { row["sent"] = message.sentAt.map(view.timestamp) }
            if message.state == .pending { row["due"] = view.timestamp(message.nextAttemptAt) }
            return row
        }
        return page.render("outbox", title: page.text("outbox"), context: context, flash: page.flash(request),
                           fields: ["messages": rows, "hasHeld": messages.contains { $0.state == .held }])
    }

    func retry(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        _ = try await checkedForm(&request, context)
        guard let id = context.parameters.get("id", as: Int64.self),
              try await endpoint.store.retryFailedOutbox(id: id, doctors: account.visibleDoctors, now: endpoint.options.clock())
        else { throw HTTPError(.notFound) }
        return Responses.seeOther("/review/outbox?done=1")
    }

    /// The text with the secret part of patient links hidden: `…/b/AQ.3q2…` becomes `…/b/…`. A link to a
    /// patient's page lets anyone holding it act as the patient; the practice has no use for it.
    static func withoutTokens(_ text: String) -> String {
        text.replacing(/\/b\/[A-Za-z0-9_.\-]+/) { _ in "/b/…" }
    }
}
