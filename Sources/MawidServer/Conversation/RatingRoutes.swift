import Foundation
import Hummingbird
import MawidBooking
import MawidConversation
import MawidDelivery
import MawidSite

/// Verified ratings over HTTP:
/// - `POST /api/b/{token}/rating` (`stars` 1–5, `comment`): the patient of a visit marked done, once;
/// - `GET /review/ratings`: the account's doctors' ratings, pending first; `POST /review/ratings/{id}/publish`,
///   `…/hide` (`reason`, kept), `…/reply` (`reply`, the doctor's public answer).
/// Each decision rewrites `content/ratings.yml` from the published ones, which goes live as a content edit.
struct RatingRoutes: Sendable {
    let endpoint: Endpoint
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(api: RouterGroup<AppContext>) {
        api.post("b/:token/rating") { request, context in try await Self(endpoint: try context.endpoint()).rate(request, context) }
    }

    static func add(review: RouterGroup<AppContext>) {
        review.get("ratings") { request, context in
            try await Self(endpoint: try context.endpoint(), language: context.language).list(request, context)
        }
        review.post("ratings/:id/:action") { request, context in
            try await Self(endpoint: try context.endpoint(), language: context.language).decide(request, context)
        }
    }

    // MARK: The patient

    func rate(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let token = context.parameters.get("token") ?? ""
        guard let booking = try await endpoint.store.booking(token: token) else { throw HTTPError(.notFound) }
        let input: RequestInput
        do { input = try await RequestInput.read(&request) } catch { return error.response }
        let lang = endpoint.site.language(booking.request.language)
        do {
            try await Ratings(store: endpoint.store).rate(booking, stars: Int(input.fields["stars"] ?? "") ?? 0,
                                                          comment: input.fields["comment"], now: endpoint.options.clock())
        } catch let problem as Ratings.Problem {
            let message = Self.message(problem, comment: input.fields["comment"], text: { endpoint.text($0, lang: lang) })
            let status: HTTPResponse.Status = problem == .alreadyRated || problem == .visitNotDone ? .conflict : .unprocessableContent
            guard input.isForm else { return Responses.error(status, message, fields: [(problem == .stars ? "stars" : "comment", message)]) }
            return try await BookingRoutes(endpoint: endpoint).patientPage(
                booking, token: token, query: request.uri.queryParameters,
                rating: PatientRatingInput(stars: input.fields["stars"] ?? "", comment: input.fields["comment"] ?? "", error: message), status: status)
        }
        guard input.isForm else { return Response(status: .created) }
        return Responses.seeOther(endpoint.managePath(token: token) + "?done=rated#rating")
    }

    static func message(_ problem: Ratings.Problem, comment: String?, text: (String) -> String) -> String {
        func fill(_ key: String, _ values: [String: String]) -> String { Placeholders.fill(text(key)) { values[$0] ?? "" } }
        switch problem {
        case .stars: return text("rate_error_stars")
        case .commentTooLong(let max):
            let count = (comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines).count
            return fill("rate_error_comment", ["max": "\(max)", "count": "\(count)"])
        case .visitNotDone: return text("rate_error_not_done")
        case .alreadyRated: return text("rate_error_twice")
        case .reasonRequired: return text("rate_error_stars")  // thrown by `moderate` only, never by `rate`
        }
    }

    /// The rating part of the patient's page: the form after a visit marked done, or what became of the rating.
    static func patientContext(_ booking: StoredBooking, rating: Ratings.Entry?, input: PatientRatingInput?, path: String,
                               endpoint: Endpoint, lang: String) -> [String: Any]? {
        let text = { (key: String) in endpoint.text(key, lang: lang) }
        // Before the visit is done: nothing, or why a rating sent anyway was refused.
        guard booking.status == .done else { return input.map { ["given": false, "error": $0.error] } }
        if let rating {
            return ["given": true, "thanks": Placeholders.fill(text("rate_thanks")) { $0 == "stars" ? "\(rating.stars)" : "" },
                    "state": text("rate_state_\(rating.state.rawValue)")]
        }
        var view: [String: Any] = ["given": false, "canRate": true, "action": path + "/rating", "stars": (1...5).reversed().map { n -> [String: Any] in
            ["n": n, "label": Placeholders.fill(text("rate_star_label")) { $0 == "n" ? "\(n)" : "" }, "checked": input?.stars == "\(n)"]
        }]
        view["comment"] = input?.comment
        view["error"] = input?.error
        return view
    }

    // MARK: The practice

    func list(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        let view = ReviewBookingView(page: page, calendar: endpoint.calendar())
        var rows: [[String: Any]] = []
        for entry in try await Ratings(store: endpoint.store).list(doctors: account.visibleDoctors) {
            var row: [String: Any] = [
                "id": entry.id, "bookingID": entry.bookingID, "doctorName": page.doctorName(entry.doctor),
                "stars": String(repeating: "★", count: entry.stars) + String(repeating: "☆", count: 5 - entry.stars), "value": entry.stars,
                "when": view.timestamp(entry.createdAt), "state": entry.state.rawValue,
                "stateLabel": page.text("rating_state_\(entry.state.rawValue)"),
                "published": entry.state == .published, "hidden": entry.state == .hidden, "pending": entry.state == .pending,
            ]
            row["comment"] = entry.comment
            row["reply"] = entry.reply
            if entry.state == .hidden {
                row["hiddenBy"] = Placeholders.fill(page.text("rating_hidden_by")) {
                    $0 == "who" ? entry.moderatedBy ?? "" : $0 == "reason" ? entry.hiddenReason ?? "" : ""
                }
            }
            rows.append(row)
        }
        let error = request.uri.queryParameters["error"] != nil ? page.text("rating_reason_required") : nil
        return page.render("ratings", title: page.text("ratings"), context: context, flash: page.flash(request), error: error,
                           fields: ["ratings": rows, "hasRatings": !rows.isEmpty])
    }

    func decide(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let form = try await checkedForm(&request, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        let ratings = Ratings(store: endpoint.store)
        let now = endpoint.options.clock()
        let done: Bool
        do {
            switch context.parameters.get("action") ?? "" {
            case "publish": done = try await ratings.moderate(id: id, publish: true, reason: nil, by: account.login, doctors: account.visibleDoctors, now: now)
            case "hide": done = try await ratings.moderate(id: id, publish: false, reason: form["reason"], by: account.login, doctors: account.visibleDoctors, now: now)
            case "reply": done = try await ratings.reply(id: id, text: form["reply"] ?? "", by: account.login, doctors: account.visibleDoctors)
            default: throw HTTPError(.notFound)
            }
        } catch Ratings.Problem.reasonRequired {
            return Responses.seeOther("/review/ratings?error=1#r\(id)")
        }
        guard done else { throw HTTPError(.notFound) }
        try await publish()
        return Responses.seeOther("/review/ratings?done=1#r\(id)")
    }

    /// `content/ratings.yml` from the published ratings, then live.
    func publish() async throws {
        guard let directory = endpoint.options.contentDirectory else { return }
        let files = DoctorFiles(directory: directory)
        let ratings = Ratings(store: endpoint.store), zone = endpoint.timeZone
        try await files.write(RatingsFile.name) { RatingsFile.text(try await ratings.published(timeZone: zone)) }
        endpoint.live?.edited([directory + "/" + RatingsFile.name])
    }
}

/// What the patient typed in the rating form, shown again with why it was refused.
struct PatientRatingInput {
    var stars: String
    var comment: String
    var error: String
}
