import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
@testable import MawidServer
import MawidSite
import MawidTestSupport
import Testing

/// Content that changes while the server runs: the switch under a booking load, a bad edit kept out with
/// its problems shown in /review, a doctor removed, and the first start.
@Suite struct LiveContentTests {
    /// Dr Benali's file with other holidays (the fixture's: 2026-12-02 and the end of December).
    static func amina(holidays: String, hours: String = "  sun: [\"08:30-12:00\"]\n  tue: [\"08:30-10:00\", \"14:00-15:00\"]\n  wed: [\"09:00-10:00\"]") -> String {
        """
        ---
        name: Dr Amina Benali
        specialty: cardiologie
        wilaya: Alger
        city: Hydra
        address: 8 chemin Ahmed Kara
        phone: "021 48 32 17"
        languages: [ar, fr]
        experience: 18
        slot: 30
        hours:
        \(hours)
        holidays: \(holidays)
        ---
        Bio.
        """
    }

    @Test func noBookingIsTakenOnADayTheNewContentClosesOnceTheSwitchIsDone() async throws {
        let fixture = try ServerFixture()
        let closed: Set<String> = ["2026-12-13", "2026-12-15"]
        let dates = ["2026-12-06", "2026-12-08", "2026-12-13", "2026-12-15", "2026-12-16"]
        let times = ["08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "14:00", "14:30"]
        let switched = TestClock(.distantFuture)
        try await fixture.testLive { client, store, reloader, _ in
            let accepted = try await withThrowingTaskGroup(of: [(Date, String)].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var accepted: [(Date, String)] = []
                        for i in 0..<50 {
                            let date = dates[(worker + i) % dates.count]
                            let time = times[(worker * 7 + i) % times.count]
                            let started = Date()
                            let phone = String(format: "0550 %02d %02d %02d", worker, i / 100, i % 100)
                            let response = try await client.postJSON("/api/bookings", bookingJSON(date: date, time: time, phone: phone))
                            #expect(response.status.code < 500, "\(response.status) for \(date) \(time)")
                            if response.status == .created { accepted.append((started, date)) }
                        }
                        return accepted
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(15))
                    fixture.write("doctors/amina-benali.md", Self.amina(holidays: "[\"2026-12-02\", \"2026-12-13\", \"2026-12-15\", \"2026-12-20..2026-12-31\"]"))
                    await reloader.reload { outcome in
                        guard case .updated = outcome else { Issue.record("reload refused: \(outcome)"); return }
                    }
                    switched.now = Date()
                    return []
                }
                var all: [(Date, String)] = []
                for try await part in group { all += part }
                return all
            }
            #expect(accepted.count > 10)
            let late = accepted.filter { closed.contains($0.1) && $0.0 > switched.now }
            #expect(late.isEmpty, "\(late.count) bookings accepted on a closed day after the switch")
            let slots = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-13&days=3")
            #expect(!slots.text.contains("2026-12-13") && !slots.text.contains("2026-12-15"))
            #expect(slots.text.contains("2026-12-14") == false)  // Monday: closed anyway
            let page = try String(contentsOfFile: fixture.root + "/site/fr/doctors/amina-benali/index.html", encoding: .utf8)
            #expect(page.contains("15 décembre 2026"))
            _ = store
        }
    }

    @Test func aBadEditKeepsTheLastGoodContentAndShowsItsProblemsInReview() async throws {
        let fixture = try ServerFixture()
        let review = ReviewTests()
        try review.makeAccounts(fixture)
        let page = fixture.root + "/site/fr/doctors/amina-benali/index.html"
        try await fixture.testLive { client, _, reloader, live in
            let before = try String(contentsOfFile: page, encoding: .utf8)
            fixture.write("doctors/amina-benali.md", Self.amina(holidays: "[\"2026-13-45\"]"))
            await reloader.reload { outcome in
                guard case .kept(let problems) = outcome else { Issue.record("a bad file was applied: \(outcome)"); return }
                #expect(problems.count == 1)
                #expect(problems.first?.path.hasSuffix("doctors/amina-benali.md") == true)
                #expect(problems.first?.line == 15)
                #expect(problems.first?.field == "holidays")
            }
            #expect(live.problems.count == 1)
            // Patients still get the old rules and page.
            let slots = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-01&days=1")
            #expect(slots.text.contains("\"14:00\""))
            #expect(try String(contentsOfFile: page, encoding: .utf8) == before)

            let admin = try await review.session(client, "admin")
            let adminInbox = try await client.get("/review/", headers: [.cookie: admin.cookie])
            #expect(adminInbox.text.contains("amina-benali.md:15: holidays:"))
            let amina = try await review.session(client, "amina")
            #expect(try await client.get("/review/", headers: [.cookie: amina.cookie]).text.contains("amina-benali.md:15"))
            let karim = try await review.session(client, "karim")
            let karimInbox = try await client.get("/review/", headers: [.cookie: karim.cookie]).text
            #expect(!karimInbox.contains("amina-benali.md"))
            #expect(!karimInbox.contains("content-problems"))

            fixture.write("doctors/amina-benali.md", Self.amina(holidays: "[\"2026-12-02\"]"))
            await reloader.reload { outcome in
                guard case .updated(_, let fixed) = outcome else { Issue.record("the fix was refused: \(outcome)"); return }
                #expect(fixed)
            }
            #expect(live.problems.isEmpty)
            #expect(!(try await client.get("/review/", headers: [.cookie: admin.cookie]).text.contains("content-problems")))
            #expect(try String(contentsOfFile: page, encoding: .utf8) != before)
        }
    }

    @Test func aRemovedDoctorIsGoneFromThePagesAndTheAPI() async throws {
        let fixture = try ServerFixture()
        try await fixture.testLive { client, _, reloader, _ in
            #expect(try await client.get("/api/doctors/karim-haddad/slots").status == .ok)
            try FileManager.default.removeItem(atPath: fixture.content + "/doctors/karim-haddad.md")
            await reloader.reload { outcome in
                guard case .updated(let report, _) = outcome else { Issue.record("\(outcome)"); return }
                #expect(report.removed == 6)  // his page and Oran's (no other doctor there) in three languages
            }
            #expect(try await client.get("/api/doctors/karim-haddad/slots").status == .notFound)
            let booking = try await client.postJSON("/api/bookings", bookingJSON(doctor: "karim-haddad"))
            #expect(booking.status == .unprocessableContent)
            #expect(!FileManager.default.fileExists(atPath: fixture.root + "/site/fr/doctors/karim-haddad/index.html"))
            #expect(!FileManager.default.fileExists(atPath: fixture.root + "/site/fr/wilayas/oran/index.html"))
            let list = try String(contentsOfFile: fixture.root + "/site/fr/doctors/index.html", encoding: .utf8)
            #expect(!list.contains("Karim Haddad") && list.contains("Amina Benali"))
        }
    }

    @Test func theAPIWaitsForTheFirstContentWhileHealthAndTheSiteAnswerAtOnce() async throws {
        let fixture = try ServerFixture()
        let store = try BookingStore(database: TestDatabases.open(path: fixture.database))
        let options = fixture.serverOptions()
        let live = LiveContent(store: store, options: options.endpoint)
        let server = MawidServer(options: options, live: live, store: store)
        let app = Application(router: server.router(), logger: server.logger)
        let site = fixture.site!
        try await app.test(.router) { client in
            let health = try await client.get("/api/health")
            #expect(health.status == .ok)
            #expect(health.json["site"] as? String == "building")
            #expect(try await client.get("/fr/doctors/amina-benali/").status == .ok)
            // A page the build has yet to write: come back, not "not found".
            let missing = try await client.get("/fr/doctors/new-doctor/")
            #expect(missing.status == .serviceUnavailable)
            #expect(missing.headers[.retryAfter] == "2")
            let pending = Task { try await client.get("/api/doctors/amina-benali/slots?from=2026-12-01&days=1") }
            try await Task.sleep(for: .milliseconds(100))
            await live.publish(site)
            let slots = try await pending.value
            #expect(slots.status == .ok)
            #expect(slots.text.contains("\"08:30\""))
            live.siteWritten()
            #expect(try await client.get("/api/health").json["site"] as? String == "ready")
            #expect(try await client.get("/fr/doctors/new-doctor/").status == .notFound)
        }
        try store.database.close()
    }
}
