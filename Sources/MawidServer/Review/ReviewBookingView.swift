import Foundation
import MawidBooking
import MawidSite

/// What a booking card in the review area shows, and which action buttons it offers.
struct ReviewBookingView {
    let page: ReviewPage
    let calendar: SlotCalendar

    var endpoint: Endpoint { page.endpoint }

    /// - Parameter attention: why the booking no longer fits its doctor's plan (`PlanCheck`), shown in words;
    ///   such a card offers to move, decline or cancel it, not to confirm it.
    func card(_ booking: StoredBooking, previous: [StoredBooking], back: String,
              attention: PlanCheck.Reason? = nil) -> [String: Any] {
        let request = booking.request
        let allowed = Set(BookingStateMachine.allowedActions(booking.status, side: .practice,
                                                             visitStart: calendar.instant(of: request.slot),
                                                             now: calendar.now, rules: endpoint.rules))
        var card = summary(booking)
        card["phone"] = request.phone
        card["email"] = request.email
        card["relativeName"] = request.forWhom == .relative ? request.relativeName : nil
        card["relativeBirthdate"] = request.relativeBirthdate.map { endpoint.site.formatDate($0, lang: page.lang) }
        card["reason"] = request.reason
        card["note"] = booking.note
        card["previousSlot"] = booking.previousSlot.map { "\(endpoint.site.formatDate($0.date, lang: page.lang)) \($0.time)" }
        card["created"] = timestamp(booking.createdAt)
        card["fromPhone"] = booking.source == .phone
        card["previousVisits"] = previous.map(summary)
        card["back"] = back
        card["actions"] = [
            "any": !allowed.isEmpty,
            // A booking off its doctor's plan is moved or cancelled, not confirmed as it is.
            "confirm": allowed.contains("confirm") && attention == nil,
            "decline": allowed.contains("decline"),
            // A doctor no longer published has no slot to move to.
            "propose": allowed.contains("propose") && attention != .notPublished,
            "cancel": allowed.contains("cancelByPractice"),
            "markDone": allowed.contains("markDone"),
        ]
        card["attentionReason"] = attention.map { AttentionText(page: page).text($0, booking: booking) }
        return card
    }

    /// Slot, status, doctor and patient's name: enough for a calendar line.
    func summary(_ booking: StoredBooking) -> [String: Any] {
        let request = booking.request
        return [
            "id": booking.id,
            "patient": request.patientName,
            "status": booking.status.rawValue,
            "statusLabel": endpoint.text("status_\(booking.status.rawValue)", lang: page.lang),
            "dateText": endpoint.site.formatDate(request.slot.date, lang: page.lang),
            "date": request.slot.date.description,
            "time": request.slot.time.description,
            "doctorName": page.doctorName(request.doctor),
            // The patient said "I will come" (from a reminder's link): shown while the visit is confirmed.
            "attending": booking.attendance == .confirmed && booking.status == .confirmed,
        ]
    }

    /// A moment in the site's time zone, e.g. `2026-12-01 08:05`.
    func timestamp(_ date: Date) -> String {
        let local = SlotCalendar(timeZone: endpoint.timeZone, now: date)
        return "\(local.today) \(local.timeNow)"
    }
}
