import Foundation
import MawidTestSupport
import MawidSite
@testable import MawidBooking

let algiers = TimeZone(identifier: "Africa/Algiers")!
let paris = TimeZone(identifier: "Europe/Paris")!

func day(_ text: String) -> LocalDate { LocalDate(text)! }
func clock(_ text: String) -> ClockTime { ClockTime(text)! }
func slot(_ date: String, _ time: String) -> Slot { Slot(date: date, time: time)! }

/// An instant written as `2025-03-18T08:30:00Z`.
func instant(_ text: String) -> Date { Timestamp.date(text)! }

/// A doctor open on `hours` (e.g. `[.sun: ["08:00-12:00"]]`); Sunday to Thursday 08-12 and 13-16 by default.
func makeDoctor(slug: String = "amina-haddad", slot: Int = 30,
                hours: [Weekday: [String]]? = nil, holidays: [(String, String)] = [],
                draft: Bool = false) -> Doctor {
    let week: [Weekday: [String]] = hours ?? Dictionary(uniqueKeysWithValues: [Weekday.sun, .mon, .tue, .wed, .thu].map {
        ($0, ["08:00-12:00", "13:00-16:00"])
    })
    let ranges = week.mapValues { texts in
        texts.map { text in
            let parts = text.split(separator: "-")
            return TimeRange(start: clock(String(parts[0])), end: clock(String(parts[1])))!
        }
    }
    return Doctor(slug: slug, name: "Dr Amina Haddad", specialties: ["cardiologie"], wilaya: "Alger", city: "Alger",
                  address: "1 rue Didouche Mourad", phone: "021 45 67 89", languages: ["fr", "ar"], experience: 10,
                  slot: slot, hours: WeeklyHours(ranges),
                  holidays: holidays.map { DateSpan(first: day($0.0), last: day($0.1))! }, draft: draft)
}

/// A valid request for `slot`, built directly (no form).
func makeRequest(doctor: String = "amina-haddad", _ slot: Slot, name: String = "Karim Benali") -> BookingRequest {
    BookingRequest(doctor: doctor, slot: slot, patientName: name, phone: "+213550123456", language: "fr")
}

/// A fresh folder under the system temp folder, removed by `cleanup`.
struct TempFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mawid-booking-\(UUID().uuidString)")

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// A store on a new database file.
func makeStore(_ folder: TempFolder) throws -> BookingStore {
    BookingStore(database: try TestDatabases.open(path: folder.path("bookings.sqlite")))
}

/// The POSIX permission bits of a file.
func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
}
