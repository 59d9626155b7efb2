import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// POST /api/b/{token}/{cancel|accept|refuse|reschedule}: what a patient can do from their page.
/// The token in the URL is the patient's credential; each answer sends them back to their page.
struct PatientActions: Sendable {
    let endpoint: Endpoint

    func add(to api: RouterGroup<AppContext>) {
        api.post("b/:token/:action") { request, context in try await act(request, context) }
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
            guard parts.count == 2, let date = LocalDate(parts[0]), let time = ClockTime(parts[1]) else {
                return Responses.seeOther(page + "?error=1")
            }
            (action, done) = (.patientReschedule(Slot(date: date, time: time)), "rescheduled")
        default: throw HTTPError(.notFound)
        }
        do {
            _ = try await endpoint.store.apply(action, bookingID: booking.id, actor: AuditEvent.patientActor,
                                               calendar: endpoint.calendar(), rules: endpoint.rules, doctors: endpoint.doctors)
            return Responses.seeOther(page + "?done=\(done)")
        } catch is TransitionError {
            return Responses.seeOther(page + "?error=1")
        } catch is SlotTaken {
            return Responses.seeOther(page + "?error=1")
        } catch is SlotNotBookable {
            return Responses.seeOther(page + "?error=1")
        }
    }
}
