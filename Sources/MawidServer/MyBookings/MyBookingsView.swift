import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// The pages of "My appointments" (`Templates/my.mustache`, in the site's layout): the phone form, the code
/// form and the list of bookings, in the page's language.
struct MyBookingsView {
    let endpoint: Endpoint
    /// `/api/my` on this server.
    let base: String
    /// This browser's form token (`MyBookingsRoutes.formCookie`), put in the phone and code forms.
    var formToken: String? = nil

    /// The phone form; `alert`: why the patient is back here (a code no longer valid); `notice`: signed out.
    func phonePage(_ status: HTTPResponse.Status, lang: String, phone: String = "", errors: [(String, String)] = [],
                   notice: String? = nil, alert: String? = nil) -> Response {
        var my = form(lang: lang, phone: phone, errors: errors)
        my["phoneStep"] = true
        my["notice"] = notice
        my["alert"] = alert
        my["limits"] = fill(endpoint.text("my_limits", lang: lang))
        return page(status, lang: lang, title: endpoint.text("my_title", lang: lang), my: my)
    }

    /// The code form after a code was asked for `phone` (as typed); `error`: what was wrong with the code typed.
    func codePage(_ status: HTTPResponse.Status, lang: String, phone: String, error: String? = nil) -> Response {
        var my = form(lang: lang, phone: phone, errors: error.map { [("code", $0)] } ?? [])
        my["codeStep"] = true
        my["sent"] = fill(endpoint.text("my_code_sent", lang: lang))
        return page(status, lang: lang, title: endpoint.text("my_code_title", lang: lang), my: my)
    }

    /// Every booking of `phone`, upcoming then past, each newest visit first, with a link to its page and the
    /// practice's unread messages.
    func listPage(lang: String, phone: String, bookings: [StoredBooking], links: [Int64: String], unread: [Int64: Int]) -> Response {
        let calendar = endpoint.calendar()
        var upcoming: [[String: Any]] = []
        var past: [[String: Any]] = []
        for booking in bookings {
            let request = booking.request
            let relative = request.forWhom == .relative
            var row: [String: Any] = [
                "reference": booking.reference,
                "status": booking.status.rawValue,
                "statusLabel": endpoint.text("status_\(booking.status.rawValue)", lang: lang),
                "date": endpoint.site.formatDate(request.slot.date, lang: lang),
                "time": request.slot.time.description,
                "doctor": endpoint.site.doctor(request.doctor)?[lang].name ?? request.doctor,
                "patient": relative ? (request.relativeName ?? request.patientName) : request.patientName,
                "relative": relative,
                "link": links[booking.id] ?? "",
                "id": booking.id,
            ]
            row["unread"] = unread[booking.id]
            if calendar.instant(of: request.slot) >= calendar.now { upcoming.append(row) } else { past.append(row) }
        }
        let my: [String: Any] = [
            "list": true, "phone": Self.display(phone), "upcoming": upcoming, "past": past, "hasUpcoming": !upcoming.isEmpty,
            "hasPast": !past.isEmpty, "signOutAction": base + "/signout",
            "sessionHint": fill(endpoint.text("my_session_hint", lang: lang)),
        ]
        let path = base + "/bookings"
        let html = endpoint.site.render("my", lang: lang, title: endpoint.text("my_title", lang: lang),
                                        path: { "\(path)?lang=\($0)" }, fields: ["my": my])
        return Responses.html(.ok, html, headers: [.init("Referrer-Policy")!: "no-referrer", .init("X-Robots-Tag")!: "noindex"])
    }

    /// An E.164 number as Algerians write it (`+213550123456` → `0550 12 34 56`, `+21321481317` →
    /// `021 48 13 17`); others as they are.
    static func display(_ phone: String) -> String {
        guard phone.hasPrefix("+213") else { return phone }
        let digits = Array(phone.dropFirst(4))
        guard digits.count == 8 || digits.count == 9 else { return phone }
        let head = digits.count - 6
        var parts = ["0" + String(digits[..<head])]
        for start in stride(from: head, to: digits.count, by: 2) { parts.append(String(digits[start..<start + 2])) }
        return parts.joined(separator: " ")
    }

    /// A field's message in `lang` (`errors.<code>` of the UI strings).
    func error(_ code: String, lang: String) -> String {
        endpoint.site.strings(lang).nested("errors", code) ?? code
    }

    /// `text` with `{{minutes}}` the minutes to wait (rounded up) for `seconds`.
    func minutes(_ text: String, seconds: Int) -> String {
        text.replacingOccurrences(of: "{{minutes}}", with: String(max(1, (seconds + 59) / 60)))
    }

    /// The limits in a text: `{{minutes}}` a code's life, `{{attempts}}`, `{{perHour}}`, `{{perDay}}`,
    /// `{{idle}}` a session's minutes unused.
    func fill(_ text: String) -> String {
        var text = text
        for (name, value) in [("minutes", Int(SignInCodes.lifetime / 60)), ("attempts", SignInCodes.maxAttempts),
                              ("perHour", SignInCodes.perHour), ("perDay", SignInCodes.perDay),
                              ("idle", Int(PatientSessions.idleTimeout / 60))] {
            text = text.replacingOccurrences(of: "{{\(name)}}", with: String(value))
        }
        return text
    }

    private func form(lang: String, phone: String, errors: [(String, String)]) -> [String: Any] {
        var byField: [String: String] = [:]
        for (field, message) in errors where byField[field] == nil { byField[field] = message }
        return [
            "phone": phone, "errors": byField, "hasErrors": !errors.isEmpty,
            "errorList": errors.map { ["id": "my-" + $0.0, "message": $0.1] },
            "requestAction": base, "checkAction": base + "/code", "startPath": base + "?lang=" + lang,
            "csrf": formToken ?? "",
        ]
    }

    private func page(_ status: HTTPResponse.Status, lang: String, title: String, my: [String: Any]) -> Response {
        let base = self.base
        let html = endpoint.site.render("my", lang: lang, title: title, path: { "\(base)?lang=\($0)" }, fields: ["my": my])
        return Responses.html(status, html, headers: [.init("X-Robots-Tag")!: "noindex"])
    }
}
