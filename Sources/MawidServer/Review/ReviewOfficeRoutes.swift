import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `/review/new` (a booking taken by phone), `/review/messages`, `/review/feeds`.
struct ReviewOfficeRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.get("new") { request, context in
            // From the agenda's free slot: the doctor, day and time filled in.
            let query = request.uri.queryParameters
            var values: [String: String] = [:]
            for key in ["doctor", "date", "time"] { values[key] = query[Substring(key)].map { String($0.prefix(20)) } }
            return try Self(endpoint: try context.endpoint(), language: context.language).newBookingPage(context, form: values.isEmpty ? nil : FormState(values: values, errors: []))
        }
        review.post("new") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).newBooking(request, context) }
        review.get("messages") { _, context in try await Self(endpoint: try context.endpoint(), language: context.language).messages(context) }
        review.post("messages/:id/handled") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).markHandled(request, context) }
        review.get("feeds") { _, context in try await Self(endpoint: try context.endpoint(), language: context.language).feeds(context) }
        review.post("feeds/:doctor") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).rotateFeed(request, context) }
    }

    // MARK: Phone bookings

    func newBookingPage(_ context: AppContext, form: FormState? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let account = try context.signedIn
        let selected = form?.values["doctor"]
        let doctors = page.options(page.doctors(of: account)) { $0 == selected }
        var fields: [String: Any] = ["doctors": doctors]
        if let form {
            fields["form"] = [
                "values": form.values, "hasErrors": !form.errors.isEmpty,
                "errorList": form.errors.map { ["field": $0.field, "message": $0.message] },
            ] as [String: Any]
        }
        return page.render("new", title: page.text("new_booking"), context: context, status: status, fields: fields)
    }

    func newBooking(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        var fields = try await checkedForm(&request, context)
        guard account.canSee(doctor: fields["doctor"] ?? "") else { throw HTTPError(.notFound) }
        // The patient is on the phone: consent is given orally, and the form has no honeypot.
        fields["consent"] = "yes"
        fields["website"] = ""
        fields["lang"] = page.lang
        switch BookingRequest.validate(fields, doctors: endpoint.doctors, calendar: endpoint.calendar(), languages: endpoint.site.languages) {
        case .valid(let booking):
            do {
                let created = try await endpoint.store.createByPractice(booking, actor: account.login, now: endpoint.options.clock())
                return Responses.seeOther("/review/bookings/\(created.id)?done=1")
            } catch is SlotTaken {
                let form = FormState(values: fields, errors: [("time", page.text("slot_taken"))])
                return try newBookingPage(context, form: form, status: .conflict)
            }
        case .invalid(let errors):
            let form = endpoint.formState(fields, errors: errors, lang: page.lang)
            return try newBookingPage(context, form: form, status: .unprocessableContent)
        case .spam:
            throw HTTPError(.badRequest)
        }
    }

    // MARK: Contact messages

    func messages(_ context: AppContext) async throws -> Response {
        _ = try context.signedIn
        let view = ReviewBookingView(page: page, calendar: endpoint.calendar())
        let messages = try await endpoint.store.contactMessages(includeHandled: true).map { stored -> [String: Any] in
            var row: [String: Any] = ["id": stored.id, "name": stored.message.name, "message": stored.message.message,
                                      "created": view.timestamp(stored.createdAt), "handled": stored.handled]
            row["email"] = stored.message.email
            row["phone"] = stored.message.phone
            row["subject"] = stored.message.subject
            return row
        }
        return page.render("messages", title: page.text("messages"), context: context, fields: ["messages": messages])
    }

    func markHandled(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        _ = try context.signedIn
        _ = try await checkedForm(&request, context)
        guard let id = context.parameters.get("id", as: Int64.self), try await endpoint.store.markContactHandled(id: id) else {
            throw HTTPError(.notFound)
        }
        return Responses.seeOther("/review/messages")
    }

    // MARK: Calendar feeds

    func feeds(_ context: AppContext, created: [String: String] = [:]) async throws -> Response {
        let account = try context.signedIn
        var feeds: [[String: Any]] = []
        for doctor in page.doctors(of: account) {
            var feed: [String: Any] = ["slug": doctor.slug, "name": doctor[page.lang].name]
            feed["url"] = created[doctor.slug].map(feedURL)
            feeds.append(feed)
        }
        return page.render("feeds", title: page.text("feeds"), context: context, fields: ["feeds": feeds])
    }

    /// Creates or replaces a doctor's feed address and shows it once (only its hash is kept).
    func rotateFeed(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        _ = try await checkedForm(&request, context)
        guard let slug = context.parameters.get("doctor"), account.canSee(doctor: slug), endpoint.doctors[slug] != nil else {
            throw HTTPError(.notFound)
        }
        let token = try await endpoint.store.calendarToken(doctor: slug, rotate: true, now: endpoint.options.clock())
        return try await feeds(context, created: [slug: token])
    }

    func feedURL(_ token: String) -> String {
        endpoint.publicAPI + "/calendar/" + token + ".ics"
    }
}
