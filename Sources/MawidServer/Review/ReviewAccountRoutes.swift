import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `/review/account`: where the signed-in account is told of its doctors' new requests, cancellations and
/// moves (email, mobile phone for SMS) and when (at once, a daily digest, never). Each person sets their
/// own; admins are never notified.
struct ReviewAccountRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.get("account") { request, context in
            let routes = Self(endpoint: try context.endpoint(), language: context.language)
            return try routes.settings(context, flash: routes.page.flash(request))
        }
        review.post("account") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).save(request, context) }
    }

    func settings(_ context: AppContext, values: [String: String]? = nil, error: String? = nil,
                  status: HTTPResponse.Status = .ok, flash: String? = nil) throws -> Response {
        let account = try context.signedIn
        let email = values?["email"] ?? account.email ?? ""
        let phone = values?["phone"] ?? account.phone ?? ""
        let notify = values?["notify"] ?? account.notify.rawValue
        let choices = NotifyPreference.allCases.map { choice -> [String: Any] in
            ["value": choice.rawValue, "label": page.text("notify_" + choice.rawValue), "selected": choice.rawValue == notify]
        }
        let fields: [String: Any] = [
            "settings": ["email": email, "phone": phone, "choices": choices, "isAdmin": account.isAdmin] as [String: Any],
        ]
        return page.render("account", title: page.text("account"), context: context, status: status, flash: flash,
                           error: error, fields: fields)
    }

    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let form = try await checkedForm(&request, context)
        guard let notify = NotifyPreference(rawValue: form["notify"] ?? "") else { throw HTTPError(.badRequest) }
        do {
            try endpoint.accounts.setContact(login: account.login, email: form["email"] ?? "", phone: form["phone"] ?? "",
                                             notify: notify)
        } catch let error as AccountError {
            // The field at fault, in the words of the site's form errors.
            let key = switch error {
            case .invalidEmail: FieldErrorCode.invalidEmail.rawValue
            case .invalidPhone: FieldErrorCode.invalidPhone.rawValue
            default: ""
            }
            let message = endpoint.site.strings(page.lang).nested("errors", key) ?? page.text("account_invalid")
            return try settings(context, values: form, error: message, status: .unprocessableContent)
        }
        return Responses.seeOther("/review/account?done=1")
    }
}
