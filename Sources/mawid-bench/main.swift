import Foundation
import GRDB
import MawidBooking
import MawidSite

/// `make bench-review`: the office's queries on a year of bookings for 50 doctors. Prints figures; it does not
/// pass or fail (targets: search < 50 ms, a year's figures < 200 ms; the agenda comes with its own lines).
///
///     mawid-bench [DB] [DOCTORS] [PER_DAY]     a new SQLite file (default or "": a temporary one, removed at
///                                              the end), 50 doctors, 20 bookings a working day each (Sunday to
///                                              Thursday)
let arguments = CommandLine.arguments.dropFirst()
let temporary = arguments.first?.isEmpty ?? true
let path = temporary ? NSTemporaryDirectory() + "mawid-bench-\(getpid()).sqlite" : arguments.first!
let doctorCount = arguments.dropFirst().first.flatMap { Int($0) } ?? 50
let perDay = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 20
let runs = 25
for suffix in ["", "-wal", "-shm", "-lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
let store = try BookingStore(path: path)
let doctors = (1...doctorCount).map { String(format: "doc-%02d", $0) }
let algiers = TimeZone(identifier: "Africa/Algiers")!
let today = SlotCalendar(timeZone: algiers, now: Date()).today

// Patients: a pool that comes back, as a practice's do.
var generator = SystemRandomNumberGenerator()
let first = ["Amina", "Yacine", "Zohra", "Bilal", "Nadia", "Omar", "Sofiane", "Lina", "Karim", "Fatima", "Rachid", "Souad",
             "Mohamed", "Khadidja", "Amel", "Walid", "Meriem", "Sami", "محمد", "فاطمة", "عبد القادر", "خديجة", "يوسف", "أمينة"]
let last = ["Benali", "Haddad", "Kaci", "Ziani", "Amrani", "Brahimi", "Belkacem", "Mansouri", "Saidi", "Bouzid", "Khelifi",
            "Meziane", "بن علي", "حداد", "بلقاسم", "منصوري", "سعيدي", "بوزيد"]
let patients: [(name: String, phone: String)] = (0..<30_000).map { n in
    ("\(first.randomElement(using: &generator)!) \(last.randomElement(using: &generator)!) \(n)",
     "+2135" + String(format: "%08d", 10_000_000 + n * 37))
}

// A year back and a month ahead, every working day, `perDay` slots from 08:00 every 15 minutes, each asked for
// 0 to 30 days before (never after now).
var requests: [(request: BookingRequest, madeAt: Date)] = []
let started = Date()
for offset in -365...30 {
    let date = today.adding(days: offset)
    guard ![Weekday.fri, .sat].contains(date.weekday) else { continue }
    for doctor in doctors {
        for index in 0..<perDay {
            let minutes = 8 * 60 + index * 15
            let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
            let patient = patients[Int.random(in: 0..<patients.count, using: &generator)]
            let slot = Slot(date: date.description, time: time)!
            let lead = Double(Int.random(in: 0...30, using: &generator)) * 86_400 + Double(Int.random(in: 0..<43_200, using: &generator))
            requests.append((BookingRequest(doctor: doctor, slot: slot, patientName: patient.name, phone: patient.phone, language: "fr"),
                             min(started, SlotCalendar.instant(of: slot, in: algiers) - lead)))
        }
    }
}
say("seeding \(requests.count) bookings (\(doctorCount) doctors, \(perDay) a working day, \(today.adding(days: -365)) to \(today.adding(days: 30))) into \(path) ...")
let seedStart = ContinuousClock.now
var references: [String] = []
try await withThrowingTaskGroup(of: String.self) { group in
    var next = requests.makeIterator()
    for _ in 0..<64 {
        guard let request = next.next() else { break }
        group.addTask { try await store.create(request.request, now: request.madeAt).reference }
    }
    while let reference = try await group.next() {
        if references.count % 100 == 0 { references.append(reference) } else { references.append("") }
        if let request = next.next() { group.addTask { try await store.create(request.request, now: request.madeAt).reference } }
    }
}
references.removeAll { $0.isEmpty }
// The past as it went: mostly came, some no-shows, cancellations and refusals; the future pending or confirmed.
try DatabaseQueue(path: path).write { db in
    try db.execute(sql: """
        UPDATE booking SET status = CASE
            WHEN date < ? THEN CASE abs(random()) % 20 WHEN 0 THEN 'noshow' WHEN 1 THEN 'noshow' WHEN 2 THEN 'cancelled'
                 WHEN 3 THEN 'cancelled' WHEN 4 THEN 'declined' ELSE 'done' END
            ELSE CASE abs(random()) % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'pending' ELSE 'confirmed' END END
        """, arguments: [today.description])
}
// What `mawid serve`'s SearchIndexer does a second after the bookings are made.
let indexStart = ContinuousClock.now
var indexed = 0
while case let count = try await store.indexForSearch(limit: 5000), count > 0 { indexed += count }
say(String(format: "search index: %d bookings in %.1f s", indexed, (ContinuousClock.now - indexStart).seconds))
// And what its FiguresCounter does a few seconds after (the statuses above changed meanwhile: the same counts).
let countStart = ContinuousClock.now
var counted = 0
while case let count = try await store.countFigures(limit: 5000), count > 0 { counted += count }
say(String(format: "figures summary: %d bookings in %.1f s", counted, (ContinuousClock.now - countStart).seconds))
say(String(format: "seeded in %.1f s; database %.0f MB", (ContinuousClock.now - seedStart).seconds,
             Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6))

func time(_ label: String, _ body: () async throws -> Int) async throws {
    var samples: [Double] = []
    var count = 0
    for _ in 0..<runs {
        let start = ContinuousClock.now
        count = try await body()
        samples.append((ContinuousClock.now - start).seconds * 1000)
    }
    samples.sort()
    let median = samples[samples.count / 2], p95 = samples[Int((Double(samples.count) * 0.95).rounded(.up)) - 1]
    say(String(format: "  %-58@ median %6.1f ms  p95 %6.1f ms  (%d rows)", label as NSString, median, p95, count))
}

let common = "benali"
let booked = requests[requests.count / 2].request
let someone = (name: booked.patientName, phone: booked.phone)
let national = "0" + someone.phone.dropFirst(4)
let spaced = national.enumerated().map { $0.offset > 0 && $0.offset % 2 == 0 ? " \($0.element)" : String($0.element) }.joined()
let oneDoctor = [doctors[0]]
say("\nsearch (\(runs) runs each; admin: all \(doctorCount) doctors, doctor: one)")
for (who, visible) in [("admin", nil as [String]?), ("doctor", oneDoctor)] {
    try await time("\(who): a common name part (\"\(common)\")") { try await store.search(BookingQuery(common), doctors: visible, limit: 51).count }
    try await time("\(who): one patient's name (\"\(someone.name)\")") { try await store.search(BookingQuery(someone.name), doctors: visible, limit: 51).count }
    try await time("\(who): a phone number (\"\(spaced)\")") { try await store.search(BookingQuery(spaced), doctors: visible, limit: 51).count }
    try await time("\(who): a reference (\"\(references[7].lowercased())\")") { try await store.search(BookingQuery(references[7].lowercased()), doctors: visible, limit: 51).count }
}
let sunday = today.adding(days: -Weekday.allCases.firstIndex(of: today.weekday)!)
say("\nagenda (the bookings the grid is drawn from; \(runs) runs each)")
try await time("a doctor's week") { try await store.bookings(doctors: oneDoctor, from: sunday, through: sunday.adding(days: 6)).count }
try await time("five doctors' day, side by side") { try await store.bookings(doctors: Array(doctors.prefix(5)), from: today, through: today).count }
try await time("inbox (all doctors)") { try await store.inbox(doctors: nil, now: Date(), timeZone: algiers).count }
say("\nfigures (a year)")
let yearAgo = today.adding(days: -365)
try await time("one doctor") { try await store.figures(doctors: oneDoctor, from: yearAgo, through: today).requests }
try await time("the network (all \(doctorCount) doctors)") { try await store.figures(doctors: nil, from: yearAgo, through: today).requests }
try await time("the network, per doctor (the CSV)") { try await store.figuresPerDoctor(doctors: nil, from: yearAgo, through: today).count }
try await time("the network, last 30 days") { try await store.figures(doctors: nil, from: today.adding(days: -29), through: today).requests }
say("\npatient file")
let anyBooking = try await store.search(BookingQuery(spaced), doctors: nil, limit: 1)[0]
try await time("admin: a patient's file") { try await store.patientFile(of: anyBooking.id, doctors: nil)?.bookings.count ?? 0 }
if temporary { for suffix in ["", "-wal", "-shm", "-lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Prints at once (the output may be a pipe).
func say(_ text: String) {
    print(text)
    fflush(nil)
}
