import Foundation
import MawidBooking
import MawidSite

/// What the patient's page shows of one booking, and the buttons it offers.
struct PatientView {
    let booking: StoredBooking
    let endpoint: Endpoint
    let lang: String
    let token: String
    /// Just booked (`?new=1`), just acted (`?done=…`), or an action was refused (`?error=1`).
    let isNew: Bool
    let done: String?
    let failed: Bool
    /// Free slots of the doctor to move to.
    let freeSlots: [Slot]

    var context: [String: Any] {
        let request = booking.request
        let doctor = endpoint.site.doctor(request.doctor)?[lang]
        let calendar = endpoint.calendar()
        let visitStart = calendar.instant(of: request.slot)
        let allowed = Set(BookingStateMachine.allowedActions(booking.status, side: .patient, visitStart: visitStart,
                                                             now: calendar.now, rules: endpoint.rules))
        let changeable = [BookingStatus.pending, .confirmed, .proposed].contains(booking.status)
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
        view["error"] = failed ? endpoint.text("booking_action_refused", lang: lang) : nil
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
}
