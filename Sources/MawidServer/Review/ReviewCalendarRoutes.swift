import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `/review/calendar?doctor=&date=&view=day|week`: a doctor's bookings by day, holidays shown.
struct ReviewCalendarRoutes: Sendable {
    let endpoint: Endpoint

    var page: ReviewPage { ReviewPage(endpoint: endpoint) }

    static func add(to review: RouterGroup<AppContext>) {
        review.get("calendar") { request, context in try await Self(endpoint: try context.endpoint()).calendar(request, context) }
    }

    func calendar(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        let doctors = page.doctors(of: account)
        let query = request.uri.queryParameters
        let slotCalendar = endpoint.calendar()
        guard let doctor = doctors.first(where: { $0.slug == query["doctor"].map(String.init) }) ?? doctors.first else {
            return page.render("calendar", title: page.text("calendar"), context: context, fields: [:])
        }
        let isDay = query["view"] == "day"
        let date = query["date"].flatMap { LocalDate(String($0)) } ?? slotCalendar.today
        // Weeks start on Sunday, as in Algeria.
        let first = isDay ? date : date.adding(days: -Weekday.allCases.firstIndex(of: date.weekday)!)
        let count = isDay ? 1 : 7
        let last = first.adding(days: count - 1)
        let bookings = try await endpoint.store.bookings(doctors: [doctor.slug], from: first, through: last)
        let view = ReviewBookingView(page: page, calendar: slotCalendar)
        let days: [[String: Any]] = (0..<count).map { offset in
            let day = first.adding(days: offset)
            let entries = bookings.filter { $0.request.slot.date == day }.map(view.summary)
            let weekday = endpoint.site.strings(page.lang).nested("days", day.weekday.rawValue) ?? day.weekday.rawValue
            return [
                "date": day.description,
                "label": "\(weekday) \(endpoint.site.formatDate(day, lang: page.lang))",
                "holiday": doctor.base.isOnHoliday(day),
                "closed": doctor.base.hours.ranges(on: day.weekday).isEmpty,
                "entries": entries,
                "hasEntries": !entries.isEmpty,
            ]
        }
        func link(_ start: LocalDate) -> String {
            "/review/calendar?doctor=\(doctor.slug)&view=\(isDay ? "day" : "week")&date=\(start)"
        }
        let calendar: [String: Any] = [
            "doctorName": doctor[page.lang].name,
            "doctors": doctors.map { ["slug": $0.slug, "name": $0[page.lang].name, "selected": $0.slug == doctor.slug] as [String: Any] },
            "date": date.description,
            "isDay": isDay,
            "days": days,
            "previous": link(first.adding(days: -count)),
            "next": link(first.adding(days: count)),
        ]
        return page.render("calendar", title: page.text("calendar"), context: context, fields: ["calendar": calendar])
    }
}
