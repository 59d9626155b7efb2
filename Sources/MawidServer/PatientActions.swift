import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// What a patient can do from their page, each a form POST answered with a redirect back to the page:
/// - `POST /api/b/{token}/{cancel|accept|refuse|reschedule}`: the state machine's patient moves;
/// - `POST /api/b/{token}/attend`: "I will come" (the link of a reminder leads to the page);
/// - `POST /api/b/{token}/{waitlist|leave-waitlist}`: be told, or no longer, when an earlier slot frees up;
/// - `POST /api/b/{token}/offers/{id}/{accept|decline}`: take or turn down a freed slot offered.
/// The token in the URL is the patient's credential. Moves (including joining the waitlist and taking an
/// offer) are refused within the cut-off before the visit, like cancelling.
struct PatientActions: Sendable {
    let endpoint: Endpoint

    /// The `?done=` values the patient page knows, each with its `booking_<value>_flash` string.
    static let outcomes = ["cancelled", "accepted", "refused", "rescheduled", "attending", "waiting", "not_waiting",
                           "offer_taken", "offer_declined", "message_sent", "document_added", "rated"]

    static func add(to api: RouterGroup<AppContext>) {
        api.post("b/:token/:action") { request, context in try await Self(endpoint: try context.endpoint()).act(request, context) }
        api.post("b/:token/offers/:offer/:answer") { _, context in try await Self(endpoint: try context.endpoint()).answerOffer(context) }
    }

    func act(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let token = context.parameters.get("token") ?? ""
        guard let booking = try await endpoint.store.booking(token: token) else { throw HTTPError(.notFound) }
        let fields = (try? await RequestInput.read(&request).fields) ?? [:]
        let page = endpoint.managePath(token: token)
        let action: BookingAction
        let done: String
        switch context.parameters.get("action") ?? "" {
        case "cancel": (action, done) = (.patientCancel, "cancelled")
        case "accept": (action, done) = (.patientAccept, "accepted")
        case "refuse": (action, done) = (.patientRefuse, "refused")
        case "reschedule":
            let parts = (fields["slot"] ?? "").split(separator: " ")
            guard parts.count == 2, let slot = Slot(date: parts[0], time: parts[1]) else {
                return Responses.seeOther(page + "?error=1")
            }
            (action, done) = (.patientReschedule(slot), "rescheduled")
        case "attend": return try await attend(booking, page: page)
        case "waitlist": return try await joinWaitlist(booking, page: page)
        case "leave-waitlist":
            try await endpoint.store.leaveWaitlist(bookingID: booking.id, now: endpoint.options.clock())
            return Responses.seeOther(page + "?done=not_waiting")
        default: throw HTTPError(.notFound)
        }
        do {
            _ = try await endpoint.store.apply(action, bookingID: booking.id, actor: AuditEvent.patientActor,
                                               calendar: endpoint.calendar(), rules: endpoint.rules, doctors: endpoint.doctors)
            return Responses.seeOther(page + "?done=\(done)")
        } catch is TransitionError, is SlotTaken, is SlotNotBookable {
            return Responses.seeOther(page + "?error=1")
        }
    }

    /// "I will come": a confirmed visit not started yet; the practice sees it in its calendar.
    func attend(_ booking: StoredBooking, page: String) async throws -> Response {
        do {
            try await endpoint.store.confirmAttendance(bookingID: booking.id, now: endpoint.options.clock())
            return Responses.seeOther(page + "?done=attending")
        } catch is TransitionError {
            return Responses.seeOther(page + "?error=1")
        }
    }

    /// Only a booking the patient may still move can wait for an earlier slot (an offer moves it).
    func joinWaitlist(_ booking: StoredBooking, page: String) async throws -> Response {
        do {
            try await endpoint.store.joinWaitlist(bookingID: booking.id, calendar: endpoint.calendar(), rules: endpoint.rules)
            return Responses.seeOther(page + "?done=waiting")
        } catch is TransitionError {
            return Responses.seeOther(page + "?error=1")
        }
    }

    /// Takes or turns down an offer made to this booking; an offer gone (expired, taken) says so.
    func answerOffer(_ context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let booking = try await endpoint.store.booking(token: token),
              let offerID = context.parameters.get("offer", as: Int64.self) else { throw HTTPError(.notFound) }
        let page = endpoint.managePath(token: token)
        let now = endpoint.options.clock()
        do {
            switch context.parameters.get("answer") ?? "" {
            case "accept":
                try await endpoint.store.acceptOffer(offerID: offerID, bookingID: booking.id, calendar: endpoint.calendar(),
                                                     rules: endpoint.rules)
                return Responses.seeOther(page + "?done=offer_taken")
            case "decline":
                try await endpoint.store.declineOffer(offerID: offerID, bookingID: booking.id, now: now)
                return Responses.seeOther(page + "?done=offer_declined")
            default: throw HTTPError(.notFound)
            }
        } catch is OfferUnavailable, is SlotTaken, is SlotNotBookable {
            return Responses.seeOther(page + "?error=offer")
        } catch is TransitionError {
            return Responses.seeOther(page + "?error=1")
        }
    }
}
