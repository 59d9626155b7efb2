import Foundation
import Hummingbird
import MawidBooking
import MawidConversation

/// `POST /api/b/{token}/messages` (field `message`): the patient writes in the booking's thread from their
/// page. Back to the page on success; a refused message (empty, too long, thread closed) is shown again in
/// the page's form with why, so nothing typed is lost. The practice is told there is a message, not what.
struct PatientMessageRoutes: Sendable {
    let endpoint: Endpoint

    static func add(to api: RouterGroup<AppContext>) {
        api.post("b/:token/messages") { request, context in try await Self(endpoint: try context.endpoint()).post(request, context) }
    }

    func post(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let token = context.parameters.get("token") ?? ""
        guard let booking = try await endpoint.store.booking(token: token) else { throw HTTPError(.notFound) }
        let input: RequestInput
        do { input = try await RequestInput.read(&request) } catch { return error.response }
        let text = input.fields["message"] ?? ""
        do {
            try await Conversation(store: endpoint.store).post(bookingID: booking.id, fromPatient: true, author: AuditEvent.patientActor,
                                                               text: text, now: endpoint.options.clock())
        } catch let problem as Conversation.Problem {
            let status: HTTPResponse.Status = problem == .closed || problem == .full ? .conflict : .unprocessableContent
            let view = ThreadView(endpoint: endpoint, lang: endpoint.site.language(booking.request.language), forPatient: true)
            guard input.isForm else {
                return Responses.error(status, view.message(problem, draft: text), fields: [("message", view.message(problem, draft: text))])
            }
            return try await BookingRoutes(endpoint: endpoint).patientPage(booking, token: token, query: request.uri.queryParameters,
                                                                          thread: .init(draft: text, problem: problem), status: status)
        }
        guard input.isForm else { return Response(status: .created) }
        return Responses.seeOther(endpoint.managePath(token: token) + "?done=message_sent#messages")
    }
}
