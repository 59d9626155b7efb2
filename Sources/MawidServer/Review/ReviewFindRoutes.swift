import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// The search box on every /review page (`POST /review/find`: a form post, so the names and numbers typed
/// stay out of URLs, proxies' logs and the browser's history) and a patient's file
/// (`/review/bookings/{id}/patient`: every booking of that booking's phone number with the account's doctors).
struct ReviewFindRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.post("find") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).find(request, context) }
        review.get("bookings/:id/patient") { request, context in
            try await Self(endpoint: try context.endpoint(), language: context.language).patientFile(request, context)
        }
    }

    static let limit = 50

    func find(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let form = try await checkedForm(&request, context)
        let text = String((form["q"] ?? "").prefix(100))
        let query = BookingQuery(text)
        let found = try await endpoint.store.search(query, doctors: account.visibleDoctors, limit: Self.limit + 1)
        // A reference names one booking: open it.
        if case .reference(let reference, _) = query, found.count == 1, found[0].reference == reference {
            return Responses.seeOther("/review/bookings/\(found[0].id)")
        }
        let view = ReviewBookingView(page: page, calendar: endpoint.calendar())
        var fields: [String: Any] = [
            "query": text,
            "results": found.prefix(Self.limit).map(row(view)),
            "hasResults": !found.isEmpty,
            "searched": query != .tooShort,
            "tooShort": query == .tooShort && !text.trimmingCharacters(in: .whitespaces).isEmpty,
            "more": found.count > Self.limit,
        ]
        fields["count"] = page.text("find_count").replacingOccurrences(of: "{{count}}", with: String(min(found.count, Self.limit)))
        return page.render("find", title: page.text("find_title"), context: context, fields: fields)
    }

    func patientFile(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        guard let id = context.parameters.get("id", as: Int64.self),
              let file = try await endpoint.store.patientFile(of: id, doctors: account.visibleDoctors) else {
            throw HTTPError(.notFound)
        }
        let view = ReviewBookingView(page: page, calendar: endpoint.calendar())
        let counts = page.text("file_counts")
            .replacingOccurrences(of: "{{total}}", with: String(file.bookings.count))
            .replacingOccurrences(of: "{{done}}", with: String(file.count(.done)))
            .replacingOccurrences(of: "{{noshow}}", with: String(file.count(.noShow)))
            .replacingOccurrences(of: "{{cancelled}}", with: String(file.count(.cancelled) + file.count(.declined)))
        let fields: [String: Any] = [
            "file": [
                "phone": file.phone,
                "people": file.people.joined(separator: ", "),
                "counts": counts,
                "back": "/review/bookings/\(id)",
            ] as [String: Any],
            "results": file.bookings.map(row(view)),
        ]
        return page.render("patient", title: page.text("patient_file"), context: context, fields: fields)
    }

    /// One booking as a table row: when, for whom, doctor, status, reference, how it was made.
    private func row(_ view: ReviewBookingView) -> (StoredBooking) -> [String: Any] {
        { booking in
            var row = view.summary(booking)
            let request = booking.request
            row["reference"] = booking.reference
            row["forWhom"] = request.forWhom == .relative ? request.relativeName : nil
            row["fromPhone"] = booking.source == .phone
            return row
        }
    }
}
