import Foundation
import MawidBooking
import MawidSite

/// The office's agenda as a time grid: one column per day (a doctor's week) or per doctor (a day of several),
/// one row per slot time of any column, and in each cell what is there: bookings, a free slot, a past or
/// closed time. Every column has every row, so columns side by side line up (`review/calendar`).
struct AgendaGrid {
    struct Column {
        let doctor: Doctor
        let date: LocalDate
        /// The doctor is on holiday that day.
        let holiday: Bool
        /// The doctor does not work that weekday.
        let closed: Bool
        let cells: [Cell]
    }

    enum Cell {
        /// One or more bookings at that time (a cancelled one and the one that took its slot, say).
        case bookings([StoredBooking])
        /// One of the doctor's slots, free: `bookable` when it can still be booked (not past, not too far).
        case free(bookable: Bool)
        /// A time of the doctor's plan that has passed with nobody booked.
        case past
        /// Not a slot of this column's doctor this day (outside the hours, a closed day, a holiday).
        case closed
    }

    let times: [ClockTime]
    let columns: [Column]

    /// `layout`: (doctor, date) pairs in display order; `bookings`: every booking of those doctors and dates.
    init(columns layout: [(doctor: Doctor, date: LocalDate)], bookings: [StoredBooking], calendar: SlotCalendar) {
        var byColumn: [Int: [ClockTime: [StoredBooking]]] = [:]
        for (index, column) in layout.enumerated() {
            for booking in bookings where booking.request.doctor == column.doctor.slug && booking.request.slot.date == column.date {
                byColumn[index, default: [:]][booking.request.slot.time, default: []].append(booking)
            }
        }
        var all = Set<ClockTime>()
        for (index, column) in layout.enumerated() {
            all.formUnion(Self.plan(column.doctor, column.date))
            all.formUnion(byColumn[index].map { Array($0.keys) } ?? [])
        }
        let times = all.sorted()
        self.times = times
        columns = layout.enumerated().map { index, column in
            let slots = Set(Self.plan(column.doctor, column.date))
            let booked = byColumn[index] ?? [:]
            let cells: [Cell] = times.map { time in
                if let here = booked[time] { return .bookings(here) }
                guard slots.contains(time) else { return .closed }
                let slot = Slot(date: column.date, time: time)
                if calendar.isPast(slot) { return .past }
                return .free(bookable: slot.date <= calendar.lastBookableDate)
            }
            return Column(doctor: column.doctor, date: column.date, holiday: column.doctor.isOnHoliday(column.date),
                          closed: column.doctor.hours.ranges(on: column.date.weekday).isEmpty, cells: cells)
        }
    }

    /// The doctor's slot starts on `date` (none on a holiday, none in a part-day absence).
    private static func plan(_ doctor: Doctor, _ date: LocalDate) -> [ClockTime] {
        guard !doctor.isOnHoliday(date) else { return [] }
        return doctor.hours.ranges(on: date.weekday).flatMap { SlotCalendar.starts(in: $0, every: doctor.slot) }
            .filter { doctor.absence(on: date, at: $0) == nil }
    }
}

extension BookingStatus {
    /// Shown beside the status's name and colour in the agenda, so no status is told by colour alone.
    var symbol: String {
        switch self {
        case .pending: "?"
        case .confirmed: "✓"
        case .proposed: "↔"
        case .done: "●"
        case .noShow: "✗"
        case .declined, .cancelled: "⊘"
        }
    }
}
