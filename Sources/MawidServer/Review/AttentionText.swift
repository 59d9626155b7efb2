import MawidBooking
import MawidDelivery
import MawidSite

/// Why a booking needs attention, in words of the review area's language (`review.attention_*` strings),
/// e.g. "Dr Amina Benali is on holiday from 20 December 2026 to 31 December 2026." Plain text: the template
/// escapes it.
struct AttentionText {
    let page: ReviewPage

    var endpoint: Endpoint { page.endpoint }

    func text(_ reason: PlanCheck.Reason, booking: StoredBooking) -> String {
        let slot = booking.request.slot
        let doctor = page.doctorName(booking.request.doctor)
        switch reason {
        case .notPublished:
            return fill("attention_not_published", ["doctor": doctor])
        case .holiday(let span) where span.hours != nil:
            return fill("attention_absent_hours", ["doctor": doctor, "date": date(span.first),
                                                   "from": span.hours!.start.description, "to": span.hours!.end.description])
        case .holiday(let span) where span.first == span.last:
            return fill("attention_holiday_day", ["doctor": doctor, "date": date(span.first)])
        case .holiday(let span):
            return fill("attention_holiday", ["doctor": doctor, "from": date(span.first), "to": date(span.last)])
        case .dayClosed:
            return fill("attention_day_closed", ["doctor": doctor, "day": dayName("days", slot.date.weekday)])
        case .outsideHours(let hours):
            return fill("attention_outside_hours", ["hours": self.hours(hours, on: slot.date.weekday)])
        case .offGrid(let minutes, let hours):
            return fill("attention_off_grid", ["minutes": String(minutes), "hours": self.hours(hours, on: slot.date.weekday)])
        }
    }

    /// `mar. 08:30–10:00, 14:00–15:00`
    func hours(_ ranges: [TimeRange], on day: Weekday) -> String {
        dayName("days_short", day) + " " + ranges.map { "\($0.start)–\($0.end)" }.joined(separator: ", ")
    }

    private func date(_ date: LocalDate) -> String { endpoint.site.formatDate(date, lang: page.lang) }

    private func dayName(_ table: String, _ day: Weekday) -> String {
        endpoint.site.strings(page.lang).nested(table, day.rawValue) ?? day.rawValue
    }

    /// One pass: a name holding `{{…}}` is not read as a placeholder.
    private func fill(_ key: String, _ values: [String: String]) -> String {
        Placeholders.fill(page.text(key)) { values[$0] ?? "" }
    }
}
