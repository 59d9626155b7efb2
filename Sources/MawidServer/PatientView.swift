import Foundation
import MawidBooking
import MawidSite

/// What the patient's page shows of one booking, and the buttons it offers.
struct PatientView {
    let booking: StoredBooking
    let endpoint: Endpoint
    let lang: String
    let token: String
    /// Just booked (`?new=1`), just acted (`?done=…`), or an action was refused (`?error=1`, or `?error=offer`
    /// when the offer answered is gone).
    let isNew: Bool
    let done: String?
    let error: String?
    /// Free slots of the doctor to move to.
    let freeSlots: [Slot]
    /// The waitlist and the open offers of this booking.
    let extras: Extras

    /// What the page shows beyond the booking itself: whether it waits for an earlier slot, its open offers,
    /// and whether the offer of the link followed (`?offer=ID`) is gone.
    struct Extras {
        var waiting = false
        var offers: [SlotOffer] = []
        var offerGone = false

        static func load(_ booking: StoredBooking, endpoint: Endpoint, offer: Int64?) async throws -> Extras {
            guard booking.status.holdsSlot else { return Extras(offerGone: offer != nil) }
            let now = endpoint.options.clock()
            let open = try await endpoint.store.offers(bookingID: booking.id).filter { $0.state == .open && $0.expiresAt > now }
            return Extras(waiting: try await endpoint.store.isWaiting(bookingID: booking.id), offers: open,
                          offerGone: offer.map { id in !open.contains { $0.id == id } } ?? false)
        }
    }

    var context: [String: Any] {
        let request = booking.request
        let doctor = endpoint.site.doctor(request.doctor)?[lang]
        let calendar = endpoint.calendar()
        let visitStart = calendar.instant(of: request.slot)
        let allowed = Set(BookingStateMachine.allowedActions(booking.status, side: .patient, visitStart: visitStart,
                                                             now: calendar.now, rules: endpoint.rules))
        let changeable = booking.status.holdsSlot
        var view: [String: Any] = [
            "reference": booking.reference,
            "status": booking.status.rawValue,
            "statusLabel": endpoint.text("status_\(booking.status.rawValue)", lang: lang),
            "date": endpoint.site.formatDate(request.slot.date, lang: lang),
            "time": request.slot.time.description,
            "patient": request.forWhom == .relative ? (request.relativeName ?? request.patientName) : request.patientName,
            "isNew": isNew,
            "isProposed": booking.status == .proposed,
            "holdsSlot": booking.status.holdsSlot,
            "tooLate": changeable && allowed.isEmpty && calendar.now < visitStart,
            "doctorName": doctor?.name ?? request.doctor,
            "doctorPath": Paths.doctor(lang, request.doctor),
            "actionPath": endpoint.managePath(token: token),
            "icsPath": endpoint.managePath(token: token) + "/visit.ics",
            "actions": [
                "any": !allowed.isEmpty,
                "accept": allowed.contains("patientAccept"),
                "cancel": allowed.contains("patientCancel"),
                "reschedule": allowed.contains("patientReschedule") && !freeSlots.isEmpty,
            ],
            "freeSlots": freeSlots.map { slot in
                ["value": "\(slot.date) \(slot.time)",
                 "label": "\(endpoint.site.formatDate(slot.date, lang: lang)) — \(slot.time)"]
            },
        ]
        view["note"] = booking.note
        view["previous"] = booking.previousSlot.map { "\(endpoint.site.formatDate($0.date, lang: lang)) \($0.time)" }
        view["flash"] = done.map { endpoint.text("booking_\($0)_flash", lang: lang) }
        view["error"] = error.map { endpoint.text($0 == "offer" ? "booking_offer_gone" : "booking_action_refused", lang: lang) }
        view["attendance"] = attendance(visitStart: visitStart, now: calendar.now)
        view["waitlist"] = waitlist(canMove: allowed.contains("patientReschedule"))
        view["offers"] = extras.offers.map(offer)
        view["offerGone"] = extras.offerGone && done == nil && error == nil
        if let doctor {
            view["address"] = doctor.address
            view["city"] = doctor.city
            view["phone"] = doctor.phone
            view["phoneHref"] = "tel:" + (PhoneNumber.normalized(doctor.phone) ?? doctor.phone)
            view["mapURL"] = endpoint.site.mapURL(doctor)
            view["specialtyNames"] = endpoint.site.specialtyNames(doctor, lang: lang)
        }
        return view
    }

    /// "I will come": said already, or the button (a confirmed visit not started yet).
    func attendance(visitStart: Date, now: Date) -> [String: Any]? {
        guard booking.status == .confirmed, now < visitStart else { return nil }
        return ["said": booking.attendance == .confirmed, "path": endpoint.managePath(token: token) + "/attend"]
    }

    /// "Tell me if an earlier slot frees up", or "stop" once asked.
    func waitlist(canMove: Bool) -> [String: Any]? {
        if extras.waiting { return ["waiting": true, "path": endpoint.managePath(token: token) + "/leave-waitlist"] }
        guard canMove else { return nil }
        return ["waiting": false, "path": endpoint.managePath(token: token) + "/waitlist"]
    }

    /// An open offer: the earlier time, until when it can be taken, and the two answers.
    func offer(_ offer: SlotOffer) -> [String: Any] {
        let end = SlotCalendar(timeZone: endpoint.timeZone, now: offer.expiresAt)
        let path = endpoint.managePath(token: token) + "/offers/\(offer.id)"
        return [
            "id": offer.id,
            "date": endpoint.site.formatDate(offer.slot.date, lang: lang),
            "time": offer.slot.time.description,
            "expiresDate": endpoint.site.formatDate(end.today, lang: lang),
            "expiresTime": end.timeNow.description,
            "acceptPath": path + "/accept",
            "declinePath": path + "/decline",
        ]
    }
}
