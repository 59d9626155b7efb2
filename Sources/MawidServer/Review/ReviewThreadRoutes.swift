import Foundation
import Hummingbird
import MawidBooking
import MawidConversation

/// The booking's thread in /review: `POST /review/bookings/{id}/messages` (field `message`) writes to the
/// patient, who is told there is a message (not what it says); `POST /review/bookings/{id}/thread` with
/// `close=1` closes the thread, `close=0` opens it again. Only for the account's doctors' bookings.
struct ReviewThreadRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.post("bookings/:id/messages") { request, context in
            try await Self(endpoint: try context.endpoint(), language: context.language).post(request, context)
        }
        review.post("bookings/:id/thread") { request, context in
            try await Self(endpoint: try context.endpoint(), language: context.language).setClosed(request, context)
        }
    }

    func post(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let form = try await checkedForm(&request, context)
        let booking = try await self.booking(context, account)
        let text = form["message"] ?? ""
        do {
            try await Conversation(store: endpoint.store).post(bookingID: booking.id, fromPatient: false, author: account.login,
                                                               text: text, now: endpoint.options.clock())
        } catch let problem as Conversation.Problem {
            let status: HTTPResponse.Status = problem == .closed || problem == .full ? .conflict : .unprocessableContent
            return try await ReviewRoutes(endpoint: endpoint, language: language)
                .bookingPage(booking, context, thread: .init(draft: text, problem: problem), status: status)
        }
        return Responses.seeOther("/review/bookings/\(booking.id)?done=1#messages")
    }

    func setClosed(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let form = try await checkedForm(&request, context)
        let booking = try await self.booking(context, account)
        try await Conversation(store: endpoint.store).setClosed(form["close"] == "1", bookingID: booking.id, by: account.login,
                                                                now: endpoint.options.clock())
        return Responses.seeOther("/review/bookings/\(booking.id)?done=1#messages")
    }

    private func booking(_ context: AppContext, _ account: Account) async throws -> StoredBooking {
        guard let id = context.parameters.get("id", as: Int64.self),
              let booking = try await endpoint.store.booking(id: id, doctors: account.visibleDoctors) else {
            throw HTTPError(.notFound)
        }
        return booking
    }
}
