import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MawidServer

/// `GET /api/doctors/{slug}/slots`: free slots from published hours, holidays, time zone and bookings.
@Suite struct SlotsTests {
    func slots(_ response: TestResponse) -> [String] {
        (response.json["slots"] as? [[String: String]] ?? []).map { "\($0["date"]!) \($0["time"]!)" }
    }

    @Test func slotsFollowHoursHolidaysAndTheClock() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            let response = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-01&days=7")
            #expect(response.status == .ok)
            #expect(response.json["doctor"] as? String == "amina-benali")
            #expect(response.json["timezone"] as? String == "Africa/Algiers")
            // Tue 12-01 at 08:00 in Algiers: 08:30–10:00 every 30 min, 14:00–15:00; Wed 12-02 is a holiday;
            // Thu–Sat closed; Sun 12-06 08:30–12:00; Mon closed.
            #expect(slots(response) == [
                "2026-12-01 08:30", "2026-12-01 09:00", "2026-12-01 09:30", "2026-12-01 14:00", "2026-12-01 14:30",
                "2026-12-06 08:30", "2026-12-06 09:00", "2026-12-06 09:30", "2026-12-06 10:00", "2026-12-06 10:30",
                "2026-12-06 11:00", "2026-12-06 11:30",
            ])
        }
    }

    @Test func pastSlotsOfTodayAreGone() async throws {
        let fixture = try ServerFixture()
        // 09:10 in Algiers.
        try await fixture.test(now: ServerFixture.now.addingTimeInterval(70 * 60)) { client, _ throws in
            let response = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-01&days=1")
            #expect(slots(response) == ["2026-12-01 09:30", "2026-12-01 14:00", "2026-12-01 14:30"])
        }
    }

    @Test func holidayRangeAcrossTheYearEnd() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            let response = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-19&days=20")
            let dates = Set(slots(response).map { String($0.prefix(10)) })
            // Holidays 12-20..12-31: the next open days are Sun 2027-01-03, Tue 01-05, Wed 01-06.
            #expect(dates == ["2027-01-03", "2027-01-05", "2027-01-06"])
        }
    }

    @Test func bookedSlotsAreNoLongerFree() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            #expect(try await client.postJSON("/api/bookings", bookingJSON(time: "09:00")).status == .created)
            let response = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-01&days=1")
            #expect(!slots(response).contains("2026-12-01 09:00"))
            #expect(slots(response).contains("2026-12-01 09:30"))
        }
    }

    @Test func unknownOrDraftDoctorIs404() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            #expect(try await client.get("/api/doctors/nobody/slots").status == .notFound)
            #expect(try await client.get("/api/doctors/hidden/slots").status == .notFound)
        }
    }

    @Test func malformedQueryIs400() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            let badDate = try await client.get("/api/doctors/amina-benali/slots?from=01/12/2026")
            #expect(badDate.status == .badRequest)
            #expect((badDate.json["fields"] as? [String: String])?["from"] != nil)
            #expect(try await client.get("/api/doctors/amina-benali/slots?days=400").status == .badRequest)
        }
    }

    @Test func horizonLimitsHowFarAheadSlotsGo() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            // Default horizon: 90 days from 2026-12-01, i.e. up to 2027-03-01.
            let response = try await client.get("/api/doctors/amina-benali/slots?from=2027-02-25&days=10")
            let dates = Set(slots(response).map { String($0.prefix(10)) })
            #expect(dates.allSatisfy { $0 <= "2027-03-01" })
            #expect(dates.contains("2027-02-28"))
        }
    }
}
