import Foundation
import Testing
@testable import MawidSite

/// The hours form's writes: only `slot:`, `hours:` and `holidays:` of a doctor's file change, every other
/// byte stays; what is written reads back the same with the build's rules; part-day absences.
@Suite struct DoctorPlanTests {
    static let file = """
        ---
        # Cabinet de Hydra
        name: "Dr Amina Benali"
        specialty: cardiologie
        wilaya: Alger
        city: Hydra
        address: "8 chemin Ahmed Kara"   # au-dessus de la pharmacie
        phone: "021 48 32 17"
        languages: [ar, fr]
        experience: 18
        slot: 30   # minutes
        hours:
          sat: ["08:30-12:00"]
          tue: ["08:30-12:00"]

        # Le jeudi, le cabinet ferme à midi.
        fee: "3 500 DA"
        ---
        Bio: **cardiologue**.

        slot: 10 (this line is the biography, not a field)
        """

    func read(_ text: String) throws -> Doctor {
        try DoctorFile.read(text: text, path: "content/doctors/amina-benali.md", slug: "amina-benali",
                            specialties: ["cardiologie"], contentDirectory: "/nonexistent").get()
    }

    func range(_ text: String) -> TimeRange { try! PlanRules.range(text).get() }

    @Test func onlyThePlanChangesEveryOtherByteStays() throws {
        let doctor = try read(Self.file)
        var plan = DoctorPlan(doctor)
        plan.slot = 20
        plan = DoctorPlan(slot: 20, hours: WeeklyHours([.sat: [range("08:30-12:00")], .tue: [range("08:30-12:00"), range("14:00-17:00")],
                                                        .sun: [range("09:00-12:00")]]),
                          absences: [DateSpan(date: LocalDate("2026-12-24")!, hours: range("14:00-18:00")),
                                     DateSpan(first: LocalDate("2026-12-30")!, last: LocalDate("2027-01-02")!)!])
        let written = try #require(plan.written(into: Self.file))
        #expect(written == """
            ---
            # Cabinet de Hydra
            name: "Dr Amina Benali"
            specialty: cardiologie
            wilaya: Alger
            city: Hydra
            address: "8 chemin Ahmed Kara"   # au-dessus de la pharmacie
            phone: "021 48 32 17"
            languages: [ar, fr]
            experience: 18
            slot: 20 # minutes
            hours:
              sat: ["08:30-12:00"]
              sun: ["09:00-12:00"]
              tue: ["08:30-12:00", "14:00-17:00"]
            holidays: ["2026-12-24 14:00-18:00", "2026-12-30..2027-01-02"]

            # Le jeudi, le cabinet ferme à midi.
            fee: "3 500 DA"
            ---
            Bio: **cardiologue**.

            slot: 10 (this line is the biography, not a field)
            """)
        // Read back with the build's rules: the same plan.
        #expect(DoctorPlan(try read(written)) == plan)
        // No absence left: the field goes; the rest is as it was.
        let none = DoctorPlan(slot: 30, hours: doctor.hours, absences: [])
        #expect(try #require(none.written(into: written)).replacingOccurrences(of: "slot: 30 # minutes", with: "slot: 30   # minutes")
                    .replacingOccurrences(of: "  sun: [\"09:00-12:00\"]\n", with: "") == Self.file)
    }

    @Test func absencesWrittenOnePerLineStaySoAndWindowsLineEndingsStay() throws {
        let text = Self.file.replacingOccurrences(of: "fee: \"3 500 DA\"", with: "holidays:\n  - \"2027-01-01\"\nfee: \"3 500 DA\"")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let doctor = try read(text)
        #expect(doctor.holidays.map(\.description) == ["2027-01-01"])
        let plan = DoctorPlan(slot: 30, hours: doctor.hours, absences: doctor.holidays + [DateSpan(first: LocalDate("2027-02-01")!, last: LocalDate("2027-02-01")!)!])
        let written = try #require(plan.written(into: text))
        #expect(written.contains("holidays:\r\n  - \"2027-01-01\"\r\n  - \"2027-02-01\"\r\nfee:"))
        #expect(!written.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(DoctorPlan(try read(written)) == plan)
    }

    @Test func aPartOfADayKeepsOnlyTheSlotsItOverlaps() throws {
        let doctor = try read(Self.file.replacingOccurrences(of: "fee:", with: "holidays: [\"2026-12-01 09:00-10:00\"]\nfee:"))
        let day = LocalDate("2026-12-01")!
        #expect(!doctor.isOnHoliday(day))
        // Slots of 30 minutes: 08:30 ends at 09:00 (free), 09:00 and 09:30 are inside, 10:00 is free again.
        #expect(doctor.absence(on: day, at: ClockTime("08:30")!) == nil)
        #expect(doctor.absence(on: day, at: ClockTime("09:00")!) != nil)
        #expect(doctor.absence(on: day, at: ClockTime("09:30")!) != nil)
        #expect(doctor.absence(on: day, at: ClockTime("10:00")!) == nil)
        #expect(doctor.absence(on: day.adding(days: 7), at: ClockTime("09:00")!) == nil)
    }

    @Test func aWrongAbsenceNamesItsLineAndTheWayToWriteIt() {
        let text = Self.file.replacingOccurrences(of: "fee:", with: "holidays: [\"2026-12-24\",\n  \"2026-12-25 14:00\"]\nfee:")
        guard case .failure(let errors) = DoctorFile.read(text: text, path: "content/doctors/amina-benali.md", slug: "amina-benali",
                                                          specialties: ["cardiologie"], contentDirectory: "/nonexistent") else {
            Issue.record("accepted")
            return
        }
        #expect(errors.errors.map(\.description) == [
            "content/doctors/amina-benali.md:18: holidays: \"14:00\" is not a range of hours (write it as HH:MM-HH:MM, e.g. \"08:30-12:00\")",
        ])
    }
}
