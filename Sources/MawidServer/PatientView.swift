import Foundation
import MawidBooking
import MawidSite

/// What the patient's page shows of one booking.
struct PatientView {
    let booking: StoredBooking
    let endpoint: Endpoint
    let lang: String
    let isNew: Bool

    var context: [String: Any] {
        let request = booking.request
        let doctor = endpoint.site.doctor(request.doctor)?[lang]
        var view: [String: Any] = [
            "reference": booking.reference,
            "status": booking.status.rawValue,
            "statusLabel": endpoint.text("status_\(booking.status.rawValue)", lang: lang),
            "date": endpoint.site.formatDate(request.slot.date, lang: lang),
            "time": request.slot.time.description,
            "patient": request.forWhom == .relative ? (request.relativeName ?? request.patientName) : request.patientName,
            "isNew": isNew,
            "doctorName": doctor?.name ?? request.doctor,
            "doctorPath": Paths.doctor(lang, request.doctor),
        ]
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
