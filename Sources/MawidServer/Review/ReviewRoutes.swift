import Foundation
import Hummingbird
import MawidBooking
import MawidConversation
import MawidSite

/// `/review`: login, inbox, one booking with its history, and the actions on it.
struct ReviewRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to router: Router<AppContext>) {
        let review = router.group("review").add(middleware: ReviewAuth())
        review.get("login") { request, context in Self(endpoint: try context.endpoint(), language: context.language).loginPage(request, context) }
        review.post("login") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).login(request, context) }
        review.post("logout") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).logout(request, context) }
        review.get("/") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).inbox(request, context) }
        review.post("confirm") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).confirmSelected(request, context) }
        review.get("bookings/:id") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).booking(request, context) }
        review.post("bookings/:id/:action") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).act(request, context) }
        ReviewCalendarRoutes.add(to: review)
        ReviewFiguresRoutes.add(to: review)
        ReviewFindRoutes.add(to: review)
        ReviewOfficeRoutes.add(to: review)
        ReviewOutboxRoutes.add(to: review)
        ReviewAccountRoutes.add(to: review)
        ReviewPlanRoutes.add(to: review)
        ReviewLanguage.add(to: review)
        ReviewThreadRoutes.add(to: review)
        DocumentRoutes.add(review: review)
        RatingRoutes.add(review: review)
    }

    // MARK: Signing in and out

    func loginPage(_ request: Request, _ context: AppContext, login: String = "", error: String? = nil,
                   status: HTTPResponse.Status = .ok) -> Response {
        let token = BookingToken.generate()
        var response = page.render("login", title: page.text("login_title"), context: context, status: status, error: error,
                                   fields: ["review": ["loginCSRF": token, "login": login]])
        response.setCookie(Cookie(name: ReviewAuth.loginCookie, value: token, path: "/review/login",
                                  secure: endpoint.usesHTTPS, httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let form = try await formFields(&request)
        let login = form["login"] ?? ""
        // Double-submit check: the form's token must match the cookie set with the form.
        guard let cookie = request.cookies[ReviewAuth.loginCookie]?.value, secretsMatch(cookie, form["csrf"] ?? "") else {
            return loginPage(request, context, login: login, error: page.text("csrf"), status: .forbidden)
        }
        let now = endpoint.options.clock()
        switch try await endpoint.accounts.verify(login: login, password: form["password"] ?? "", now: now) {
        case .success(let account):
            let session = try await endpoint.sessions.create(accountID: account.id, now: now)
            var response = Responses.seeOther("/review/")
            response.setCookie(ReviewAuth.cookie(session.token, endpoint: endpoint))
            return response
        case .invalid:
            return loginPage(request, context, login: login, error: page.text("login_failed"), status: .unauthorized)
        case .locked(let until):
            let time = ReviewBookingView(page: page, calendar: endpoint.calendar()).timestamp(until)
            var response = loginPage(request, context, login: login,
                                     error: page.text("login_locked").replacingOccurrences(of: "{{time}}", with: time),
                                     status: .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, Int(until.timeIntervalSince(now))))
            return response
        }
    }

    func logout(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        _ = try await checkedForm(&request, context)
        if let token = request.cookies[ReviewAuth.sessionCookie]?.value { try await endpoint.sessions.delete(token: token) }
        var response = Responses.seeOther("/review/login")
        response.setCookie(ReviewAuth.cookie("", endpoint: endpoint, maxAge: 0))
        return response
    }

    // MARK: Inbox and one booking

    /// `/review/?doctor=&status=`: the inbox, for one of the account's doctors and one status if asked.
    func inbox(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        let calendar = endpoint.calendar()
        let view = ReviewBookingView(page: page, calendar: calendar)
        let query = request.uri.queryParameters
        let doctors = page.doctors(of: account)
        let chosenDoctor = query["doctor"].map(String.init).flatMap { slug in doctors.contains { $0.slug == slug } ? slug : nil }
        let chosenStatus = query["status"].flatMap { BookingStatus(rawValue: String($0)) }.flatMap { $0.holdsSlot ? $0 : nil }
        let visible = chosenDoctor.map { [$0] } ?? account.visibleDoctors
        // Bookings the doctors' current plans no longer have room for come first, and only there.
        let attention = try await endpoint.store.needingAttention(doctors: visible, check: endpoint.planCheck(calendar))
        let offPlan = Set(attention.bookings.map(\.booking.id))
        let bookings = try await endpoint.store.inbox(doctors: visible, now: calendar.now, statuses: chosenStatus.map { [$0] },
                                                      timeZone: endpoint.timeZone)
            .filter { !offPlan.contains($0.id) }
        let previous = try await endpoint.store.previousVisits(of: attention.bookings.map(\.booking.id) + bookings.map(\.id))
        // Patients' messages not read yet, on their bookings' cards.
        let unread = try await Conversation(store: endpoint.store).unreadByPractice(bookingIDs: attention.bookings.map(\.booking.id) + bookings.map(\.id))
        let cards = bookings.map { booking -> [String: Any] in
            var card = view.card(booking, previous: previous[booking.id] ?? [], back: "/review/")
            card["unreadCount"] = unread[booking.id]
            return card
        }
        var fields: [String: Any] = ["bookings": cards]
        fields["filters"] = [
            "doctors": doctors.count > 1 ? page.options(doctors) { $0 == chosenDoctor } : [],
            "statuses": BookingStatus.slotHolding.map {
                ["value": $0.rawValue, "label": endpoint.text("status_\($0.rawValue)", lang: page.lang), "selected": $0 == chosenStatus] as [String: Any]
            },
            "hasDoctors": doctors.count > 1,
            "active": chosenDoctor != nil || chosenStatus != nil,
        ] as [String: Any]
        fields["selectable"] = cards.contains { ($0["actions"] as? [String: Any])?["confirm"] as? Bool == true }
        if attention.total > 0 {
            var section: [String: Any] = ["bookings": attention.bookings.map { item -> [String: Any] in
                var card = view.card(item.booking, previous: previous[item.booking.id] ?? [], back: "/review/", attention: item.reason)
                card["unreadCount"] = unread[item.booking.id]
                return card
            }]
            let hidden = attention.total - attention.bookings.count
            if hidden > 0 { section["more"] = page.text("attention_more").replacingOccurrences(of: "{{count}}", with: String(hidden)) }
            fields["attention"] = section
        }
        return page.render("inbox", title: page.text("inbox"), context: context, flash: confirmedText(request) ?? page.flash(request),
                           error: errorText(request), fields: fields)
    }

    /// POST /review/confirm with `confirm-<id>` fields (the inbox's check boxes): confirms each pending
    /// request the account may see, as one click each would; back to the inbox with how many were, and how
    /// many could not be (another person handled them first, the slot moved).
    func confirmSelected(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let form = try await checkedForm(&request, context)
        let ids = form.keys.compactMap { $0.hasPrefix("confirm-") ? Int64($0.dropFirst("confirm-".count)) : nil }.sorted()
        var confirmed = 0, failed = 0
        for id in ids.prefix(200) {
            guard try await endpoint.store.booking(id: id, doctors: account.visibleDoctors) != nil else {
                failed += 1
                continue
            }
            do {
                _ = try await endpoint.store.apply(.confirm, bookingID: id, actor: account.login, calendar: endpoint.calendar(),
                                                   rules: endpoint.rules, doctors: endpoint.doctors)
                confirmed += 1
            } catch is TransitionError {
                failed += 1
            } catch is SlotTaken {
                failed += 1
            }
        }
        return Responses.seeOther("/review/?confirmed=\(confirmed)&failed=\(failed)")
    }

    /// "3 requests confirmed." (and how many could not be) after `confirmSelected`.
    private func confirmedText(_ request: Request) -> String? {
        let query = request.uri.queryParameters
        guard let confirmed = query["confirmed"].flatMap({ Int(String($0)) }) else { return nil }
        var text = page.text("confirmed_count").replacingOccurrences(of: "{{count}}", with: String(confirmed))
        if let failed = query["failed"].flatMap({ Int(String($0)) }), failed > 0 {
            text += " " + page.text("confirm_failed_count").replacingOccurrences(of: "{{count}}", with: String(failed))
        }
        return text
    }

    func booking(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        guard let id = context.parameters.get("id", as: Int64.self),
              let booking = try await endpoint.store.booking(id: id, doctors: account.visibleDoctors) else {
            throw HTTPError(.notFound)
        }
        return try await bookingPage(booking, context, flash: page.flash(request), error: errorText(request))
    }

    /// One booking's card, its thread with the patient (read once shown; `thread`: a message refused, in its
    /// form again) and its history.
    func bookingPage(_ booking: StoredBooking, _ context: AppContext, flash: String? = nil, error: String? = nil,
                     thread input: ThreadView.Input? = nil, documentError: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = booking.id
        let calendar = endpoint.calendar()
        let view = ReviewBookingView(page: page, calendar: calendar)
        let previous = try await endpoint.store.previousVisits(of: [booking.id])[booking.id] ?? []
        let card = view.card(booking, previous: previous, back: "/review/bookings/\(id)",
                             attention: endpoint.planCheck(calendar).reason(booking))
        let audit = try await endpoint.store.audit(bookingID: id).map { event -> [String: Any] in
            var row: [String: Any] = ["at": view.timestamp(event.at), "actor": event.actor, "action": event.action,
                                      "from": event.from?.rawValue ?? "—", "to": event.to.rawValue]
            row["detail"] = event.detail
            return row
        }
        let conversation = Conversation(store: endpoint.store)
        let messages = try await conversation.messages(bookingID: id)
        var thread = ThreadView(endpoint: endpoint, lang: page.lang, forPatient: false)
            .context(messages, booking: booking, closing: try await conversation.closing(bookingID: id),
                     action: "/review/bookings/\(id)/messages", csrf: context.csrf, input: input)
        thread["closeAction"] = "/review/bookings/\(id)/thread"
        if messages.contains(where: { $0.fromPatient && $0.readAt == nil }) {
            try await conversation.markRead(bookingID: id, byPatient: false, now: endpoint.options.clock())
        }
        let documents = DocumentsView(endpoint: endpoint, lang: page.lang, forPatient: false)
            .context(try await Documents(store: endpoint.store).list(bookingID: id), booking: booking,
                     base: "/review/bookings/\(id)/documents", csrf: context.csrf, error: documentError)
        return page.render("booking", title: booking.reference, context: context, status: status, flash: flash, error: error,
                           fields: ["booking": card, "audit": audit, "thread": thread, "documents": documents])
    }

    /// POST /review/bookings/{id}/{confirm|decline|propose|cancel|done|noshow}
    func act(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let form = try await checkedForm(&request, context)
        guard let id = context.parameters.get("id", as: Int64.self),
              let booking = try await endpoint.store.booking(id: id, doctors: account.visibleDoctors) else {
            throw HTTPError(.notFound)
        }
        let back = safeBack(form["back"], id: id)
        let action: BookingAction
        switch context.parameters.get("action") ?? "" {
        case "confirm": action = .confirm
        case "decline": action = .decline(reason: form["reason"] ?? "")
        case "cancel": action = .cancelByPractice(reason: form["reason"])
        case "done": action = .markDone
        case "noshow": action = .markNoShow
        case "propose":
            guard let slot = Slot(date: form["date"] ?? "", time: form["time"] ?? "") else {
                return Responses.seeOther(back + "?error=bad_slot")
            }
            action = .propose(slot)
        default: throw HTTPError(.notFound)
        }
        do {
            _ = try await endpoint.store.apply(action, bookingID: booking.id, actor: account.login,
                                               calendar: endpoint.calendar(), rules: endpoint.rules, doctors: endpoint.doctors)
            return Responses.seeOther(back + "?done=1")
        } catch let error as TransitionError {
            let key: String
            switch error {
            case .visitNotPassed: key = "not_passed"
            case .visitPassed, .tooLate: key = "too_late"
            case .notAllowed: key = "not_allowed"
            }
            return Responses.seeOther(back + "?error=\(key)")
        } catch is SlotTaken {
            return Responses.seeOther(back + "?error=slot_taken")
        } catch is SlotNotBookable {
            return Responses.seeOther(back + "?error=bad_slot")
        } catch is FieldErrors {
            return Responses.seeOther(back + "?error=not_allowed")
        }
    }

    // MARK: Helpers

    /// Only our own pages: never redirect elsewhere.
    private func safeBack(_ back: String?, id: Int64) -> String {
        guard let back, back == "/review/" || back == "/review/bookings/\(id)" || back.hasPrefix("/review/calendar") else {
            return "/review/bookings/\(id)"
        }
        return back.split(separator: "?").first.map(String.init) ?? back
    }

    private func errorText(_ request: Request) -> String? {
        guard let key = request.uri.queryParameters["error"].map(String.init),
              ["not_passed", "too_late", "not_allowed", "slot_taken", "bad_slot", "csrf"].contains(key) else { return nil }
        return page.text(key)
    }
}

/// A review form's fields.
func formFields(_ request: inout Request) async throws -> [String: String] {
    do { return try await RequestInput.read(&request).fields } catch {
        throw HTTPError(error.status, message: error.message)
    }
}

/// A review form's fields, after checking its CSRF token against the session's.
func checkedForm(_ request: inout Request, _ context: AppContext) async throws -> [String: String] {
    let fields = try await formFields(&request)
    guard let expected = context.csrf, secretsMatch(expected, fields["csrf"] ?? "") else {
        throw HTTPError(.forbidden, message: "The page expired: reload it and try again.")
    }
    return fields
}
