import Foundation
import Hummingbird
import MawidBooking
import MawidConversation
import MawidSite

/// `GET /api/doctors/{slug}/slots`, `POST /api/bookings`, `GET /api/b/{token}`.
struct BookingRoutes: Sendable {
    let endpoint: Endpoint

    static func add(to api: RouterGroup<AppContext>) {
        api.get("doctors/:slug/slots") { request, context in try await Self(endpoint: try context.endpoint()).slots(request, context) }
        api.post("bookings") { request, context in try await Self(endpoint: try context.endpoint()).create(request, context) }
        api.get("b/:token") { request, context in try await Self(endpoint: try context.endpoint()).patientPage(request, context) }
    }

    // MARK: Free slots

    func slots(_ request: Request, _ context: AppContext) async throws -> Response {
        let slug = context.parameters.get("slug") ?? ""
        guard let doctor = endpoint.doctors[slug] else {
            return Responses.error(.notFound, "No published doctor has the slug \"\(slug)\".")
        }
        let calendar = endpoint.calendar()
        let query = request.uri.queryParameters
        var from = calendar.today
        if let text = query["from"].map(String.init) {
            guard let date = LocalDate(text) else {
                return Responses.error(.badRequest, "Invalid query.", fields: [("from", "Write the date as YYYY-MM-DD.")])
            }
            from = date
        }
        var days = 7
        if let text = query["days"].map(String.init) {
            guard let value = Int(text), (1...SlotCalendar.maxQueryDays).contains(value) else {
                return Responses.error(.badRequest, "Invalid query.",
                                       fields: [("days", "Give a number of days from 1 to \(SlotCalendar.maxQueryDays).")])
            }
            days = value
        }
        let taken = try await endpoint.store.takenSlots(doctor: slug, from: from, through: from.adding(days: days - 1))
        let free = calendar.freeSlots(for: doctor, from: from, days: days, taken: taken)
        return Responses.json(.ok, .object([
            ("doctor", .string(slug)),
            ("timezone", .string(endpoint.timeZone.identifier)),
            ("slots", .array(free.map { Responses.slot($0.date.description, $0.time.description) })),
        ]))
    }

    // MARK: New booking

    /// Records how long the answer took, by outcome (`mawid_booking_duration_seconds`).
    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let metrics = endpoint.store.metrics
        do {
            let (response, outcome) = try await answer(request, context)
            metrics.bookingAnswered(outcome, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
            return response
        } catch {
            metrics.bookingAnswered(.error, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
            throw error
        }
    }

    private func answer(_ request: Request, _ context: AppContext) async throws -> (Response, MawidMetrics.BookingOutcome) {
        var request = request
        let input: RequestInput
        do { input = try await RequestInput.read(&request) } catch { return (error.response, .invalid) }
        let lang = endpoint.site.language(input.fields["lang"])
        let result = BookingRequest.validate(input.fields, doctors: endpoint.doctors, calendar: endpoint.calendar(),
                                             languages: endpoint.site.languages)
        switch result {
        case .spam:
            // Believable to a bot, stores nothing.
            if input.isForm {
                return (endpoint.notice(.ok, lang: lang, title: endpoint.text("booking_received", lang: lang), lines: []), .invalid)
            }
            let token = PatientToken.make(id: .random(in: 1_000...999_999), secret: BookingToken.generate())
            return (created(reference: BookingReference.generate(), token: token), .invalid)
        case .invalid(let errors):
            return (invalid(errors, input: input, lang: lang), .invalid)
        case .valid(let booking):
            do {
                let saved = try await endpoint.store.create(booking, now: endpoint.options.clock(),
                                                        resumeOn: LoopPlace(loop: context.eventLoop))
                if input.isForm { return (Responses.seeOther(endpoint.managePath(token: saved.token) + "?new=1"), .created) }
                return (created(reference: saved.reference, token: saved.token), .created)
            } catch let taken as SlotTaken {
                return (try await slotTaken(taken, input: input, lang: lang), .conflict)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The database did not answer or did not commit: nothing was booked, and the patient is told so
                // with what they typed (the error names no patient data).
                context.logger.error("booking not saved: \(error)")
                return (unavailable(input: input, lang: lang), .error)
            }
        }
    }

    /// 503 with Retry-After: JSON for API clients, the form again with its values for a form post.
    private func unavailable(input: RequestInput, lang: String) -> Response {
        var response: Response
        if input.isForm {
            let form = FormState(values: input.fields, errors: [("doctor", endpoint.text("booking_unavailable", lang: lang))])
            response = formPage(.serviceUnavailable, form: form, input: input, lang: lang)
        } else {
            response = Responses.error(.serviceUnavailable,
                                       "The booking service cannot reach its database: nothing was booked. Try again in a minute.")
        }
        response.headers[.retryAfter] = "30"
        return response
    }

    private func created(reference: String, token: String) -> Response {
        let url = endpoint.manageURL(token: token)
        return Responses.json(.created, .object([
            ("reference", .string(reference)), ("status", .string("pending")), ("manageURL", .string(url)),
        ]), headers: [.location: url])
    }

    private func invalid(_ errors: FieldErrors, input: RequestInput, lang: String) -> Response {
        guard input.isForm else { return Responses.invalid(errors) }
        let form = endpoint.formState(input.fields, errors: errors, lang: lang)
        return formPage(.unprocessableContent, form: form, input: input, lang: lang)
    }

    private func slotTaken(_ taken: SlotTaken, input: RequestInput, lang: String) async throws -> Response {
        var suggestions: [Slot] = []
        if let doctor = endpoint.doctors[taken.doctor] {
            suggestions = try await endpoint.store.nextFreeSlots(for: doctor, after: taken.slot, calendar: endpoint.calendar())
        }
        guard input.isForm else {
            return Responses.json(.conflict, .object([
                ("error", .string("This slot was just taken by another patient.")),
                ("fields", .object([("time", .string("This time is no longer free: choose one of the suggested slots."))])),
                ("suggestions", .array(suggestions.map { Responses.slot($0.date.description, $0.time.description) })),
            ]))
        }
        let form = FormState(values: input.fields, errors: [("time", endpoint.text("slot_taken", lang: lang))],
                             suggestions: suggestions.map { ($0.date.description, $0.time.description) })
        return formPage(.conflict, form: form, input: input, lang: lang)
    }

    /// The doctor's page again, with what the patient typed and what to fix.
    private func formPage(_ status: HTTPResponse.Status, form: FormState, input: RequestInput, lang: String) -> Response {
        if let page = endpoint.site.doctorPage(slug: input.fields["doctor"] ?? "", lang: lang, form: form) {
            return Responses.html(status, page)
        }
        return endpoint.notice(status, lang: lang, title: endpoint.text("form_error_title", lang: lang),
                               lines: form.errors.map(\.message))
    }

    // MARK: The patient's page

    func patientPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let booking = try await endpoint.store.booking(token: token) else {
            throw HTTPError(.notFound)
        }
        return try await patientPage(booking, token: token, query: request.uri.queryParameters)
    }

    /// The patient's page of `booking`; `thread`: a message refused, shown again in its form (`status` 422).
    func patientPage(_ booking: StoredBooking, token: String, query: Parameters, thread input: ThreadView.Input? = nil,
                     documentError: String? = nil, rating ratingInput: PatientRatingInput? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = endpoint.site.language(query["lang"].map(String.init) ?? booking.request.language)
        var freeSlots: [Slot] = []
        if let doctor = endpoint.doctors[booking.request.doctor], booking.status.holdsSlot {
            let calendar = endpoint.calendar()
            let taken = try await endpoint.store.takenSlots(doctor: doctor.slug, from: calendar.today,
                                                            through: calendar.today.adding(days: 13))
            freeSlots = Array(calendar.freeSlots(for: doctor, from: calendar.today, days: 14, taken: taken).prefix(60))
        }
        let done = query["done"].map(String.init).flatMap { PatientActions.outcomes.contains($0) ? $0 : nil }
        let extras = try await PatientView.Extras.load(booking, endpoint: endpoint, offer: query["offer"].flatMap { Int64(String($0)) })
        var view = PatientView(booking: booking, endpoint: endpoint, lang: lang, token: token, isNew: query["new"] != nil,
                               done: done, error: query["error"].map(String.init), freeSlots: freeSlots, extras: extras).context
        // The thread with the practice; what it wrote is read once the patient sees it.
        let conversation = Conversation(store: endpoint.store)
        let messages = try await conversation.messages(bookingID: booking.id)
        view["thread"] = ThreadView(endpoint: endpoint, lang: lang, forPatient: true)
            .context(messages, booking: booking, closing: try await conversation.closing(bookingID: booking.id),
                     action: endpoint.managePath(token: token) + "/messages", input: input)
        if messages.contains(where: { !$0.fromPatient && $0.readAt == nil }) {
            try await conversation.markRead(bookingID: booking.id, byPatient: true, now: endpoint.options.clock())
        }
        view["documents"] = DocumentsView(endpoint: endpoint, lang: lang, forPatient: true)
            .context(try await Documents(store: endpoint.store).list(bookingID: booking.id), booking: booking,
                     base: endpoint.managePath(token: token) + "/documents", error: documentError)
        view["rating"] = RatingRoutes.patientContext(booking, rating: try await Ratings(store: endpoint.store).rating(bookingID: booking.id),
                                                     input: ratingInput, path: endpoint.managePath(token: token), endpoint: endpoint, lang: lang)
        let path = endpoint.managePath(token: token)
        let page = endpoint.site.render("booking", lang: lang, title: endpoint.text("booking_title", lang: lang),
                                        path: { "\(path)?lang=\($0)" }, fields: ["booking": view])
        // The URL carries the secret token: never send it on as a Referer, never cache the page.
        return Responses.html(status, page, headers: [.init("Referrer-Policy")!: "no-referrer", .init("X-Robots-Tag")!: "noindex"])
    }
}
