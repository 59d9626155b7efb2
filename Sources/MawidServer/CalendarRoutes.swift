import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// Calendar files: a doctor's private feed of confirmed visits, and one visit for the patient.
struct CalendarRoutes: Sendable {
    let endpoint: Endpoint

    static func add(to api: RouterGroup<AppContext>) {
        api.get("calendar/:file") { _, context in try await Self(endpoint: try context.endpoint()).doctorFeed(context) }
        api.get("b/:token/visit.ics") { _, context in try await Self(endpoint: try context.endpoint()).patientEvent(context) }
    }

    /// GET /api/calendar/{token}.ics — 30 days back, the booking horizon ahead.
    func doctorFeed(_ context: AppContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        guard file.hasSuffix(".ics"), let slug = try await endpoint.store.doctorForCalendarToken(String(file.dropLast(4))),
              let doctor = endpoint.site.doctor(slug) else {
            throw HTTPError(.notFound)
        }
        let calendar = endpoint.calendar()
        let bookings = try await endpoint.store.bookings(doctors: [slug], from: calendar.today.adding(days: -30),
                                                         through: calendar.lastBookableDate)
        let lang = endpoint.site.defaultLanguage
        let events = bookings.filter { $0.status == .confirmed }.map { booking in
            // The doctor's own calendar: the patient's name and phone help them; nothing else leaves.
            event(for: booking, doctor: doctor.base, summary: "\(booking.request.patientName) (\(booking.request.phone))",
                  description: "\(endpoint.text("booking_reference", lang: lang)) \(booking.reference)", calendar: calendar)
        }
        return ics(ICalendar.feed(name: doctor[lang].name, events: events), filename: "\(slug).ics")
    }

    /// GET /api/b/{token}/visit.ics — the patient's own visit, to add to their calendar.
    func patientEvent(_ context: AppContext) async throws -> Response {
        guard let booking = try await endpoint.store.booking(token: context.parameters.get("token") ?? ""),
              booking.status.holdsSlot, let doctor = endpoint.site.doctor(booking.request.doctor) else {
            throw HTTPError(.notFound)
        }
        let lang = endpoint.site.language(booking.request.language)
        let name = doctor[lang].name
        let event = event(for: booking, doctor: doctor[lang], summary: name,
                          description: "\(endpoint.text("booking_reference", lang: lang)) \(booking.reference) — \(doctor[lang].phone)",
                          calendar: endpoint.calendar())
        return ics(ICalendar.feed(name: name, events: [event]), filename: "rendez-vous-\(booking.reference).ics")
    }

    private func event(for booking: StoredBooking, doctor: Doctor, summary: String, description: String,
                       calendar: SlotCalendar) -> ICalendar.Event {
        let start = calendar.instant(of: booking.request.slot)
        return ICalendar.Event(uid: "booking-\(booking.id)@\(endpoint.publicHost)", start: start,
                               end: start.addingTimeInterval(TimeInterval(doctor.slot * 60)), summary: summary,
                               location: "\(doctor.address), \(doctor.city)", description: description,
                               status: booking.status == .confirmed ? "CONFIRMED" : "TENTATIVE", stamp: booking.updatedAt)
    }

    private func ics(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: "text/calendar; charset=utf-8",
            .contentDisposition: "inline; filename=\"\(filename)\"",
            .cacheControl: "no-store",
            .init("Referrer-Policy")!: "no-referrer",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
