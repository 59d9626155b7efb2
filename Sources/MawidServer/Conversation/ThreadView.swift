import Foundation
import MawidBooking
import MawidConversation
import MawidDelivery

/// A booking's message thread as `Templates/partials/thread.mustache` shows it, on the patient's page or on
/// the booking's page in /review: who wrote each message and when, which are new, and the form to write
/// (with what was typed and why it was refused, after a refusal).
struct ThreadView {
    let endpoint: Endpoint
    let lang: String
    /// On the patient's page (their own messages are "you"), or in /review.
    let forPatient: Bool

    /// What was typed and why it was not taken, to show it again.
    struct Input {
        var draft: String
        var problem: Conversation.Problem
    }

    func context(_ messages: [ThreadMessage], booking: StoredBooking, closing: (by: String, at: Date)?, action: String,
                 csrf: String? = nil, input: Input? = nil) -> [String: Any] {
        let rows = messages.map { message -> [String: Any] in
            let mine = message.fromPatient == forPatient
            let who: String
            if mine && forPatient { who = text("thread_you") }
            else if message.fromPatient { who = booking.request.patientName }
            else { who = forPatient ? text("thread_practice") : message.author }
            return ["who": who, "mine": mine, "body": message.body, "when": when(message.createdAt),
                    "iso": Timestamp.string(message.createdAt), "unread": !mine && message.readAt == nil]
        }
        var thread: [String: Any] = [
            "messages": rows, "hasMessages": !rows.isEmpty, "action": action, "canWrite": closing == nil,
            "hint": text(forPatient ? "thread_hint_patient" : "thread_hint_practice"),
            "title": text(forPatient ? "thread_title" : "thread_title_practice"),
            "label": text(forPatient ? "thread_write" : "thread_write_practice"),
            "max": Conversation.maxLength,
        ]
        thread["csrf"] = csrf
        if let closing {
            thread["closed"] = fill(text("thread_closed"), ["when": when(closing.at)])
        }
        if let input {
            thread["draft"] = input.draft
            thread["error"] = message(input.problem, draft: input.draft)
        }
        return thread
    }

    func message(_ problem: Conversation.Problem, draft: String) -> String {
        switch problem {
        case .empty: return text("thread_error_empty")
        case .tooLong(let max):
            let count = draft.trimmingCharacters(in: .whitespacesAndNewlines).count
            return fill(text("thread_error_too_long"), ["max": "\(max)", "count": "\(count)"])
        case .closed: return text("thread_error_closed")
        case .full: return text("thread_error_full")
        }
    }

    /// `1 décembre 2026, 08:05` in the site's time zone.
    func when(_ date: Date) -> String {
        let local = SlotCalendar(timeZone: endpoint.timeZone, now: date)
        return "\(endpoint.site.formatDate(local.today, lang: lang)), \(local.timeNow)"
    }

    private func text(_ key: String) -> String { endpoint.text(key, lang: lang) }

    private func fill(_ template: String, _ values: [String: String]) -> String {
        Placeholders.fill(template) { values[$0] ?? "" }
    }
}
