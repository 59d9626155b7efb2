import Foundation
import MawidStorage
import MawidSite

/// One change to a doctor's plan made from /review (`slot`, `hours` or `holidays`): who, when, from what to
/// what, each as written in the doctor's file. Changes made with a text editor are not in it: the file is.
public struct PlanEdit: Sendable, Equatable {
    public var doctor: String
    /// The account's login.
    public var actor: String
    public var at: Date
    /// `slot`, `hours` or `holidays`.
    public var field: String
    public var before: String
    public var after: String

    public init(doctor: String, actor: String, at: Date, field: String, before: String, after: String) {
        self.doctor = doctor
        self.actor = actor
        self.at = at
        self.field = field
        self.before = before
        self.after = after
    }

    /// The fields that differ between two plans, each with its values as text (`sun 08:00-12:00; mon …`).
    public static func changes(doctor: String, actor: String, at: Date, from old: DoctorPlan, to new: DoctorPlan) -> [PlanEdit] {
        func hours(_ plan: DoctorPlan) -> String {
            Weekday.allCases.compactMap { day in
                let ranges = plan.hours.ranges(on: day)
                return ranges.isEmpty ? nil : "\(day.rawValue) " + ranges.map(\.description).joined(separator: ", ")
            }.joined(separator: "; ")
        }
        func absences(_ plan: DoctorPlan) -> String { plan.absences.map(\.description).joined(separator: ", ") }
        var edits: [PlanEdit] = []
        func add(_ field: String, _ before: String, _ after: String) {
            if before != after { edits.append(PlanEdit(doctor: doctor, actor: actor, at: at, field: field, before: before, after: after)) }
        }
        add("slot", String(old.slot), String(new.slot))
        add("hours", hours(old), hours(new))
        add("holidays", absences(old), absences(new))
        return edits
    }
}

extension BookingStore {
    /// Keeps `edits` in the plan-edit log (`planEdit`), in one transaction.
    public func record(_ edits: [PlanEdit]) async throws {
        guard !edits.isEmpty else { return }
        try await database.engine.write { db in
            for edit in edits {
                try db.execute("INSERT INTO planEdit (doctor, actor, at, field, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                               [edit.doctor, edit.actor, Timestamp.string(edit.at), edit.field, edit.before, edit.after])
            }
        }
    }

    /// The latest `limit` changes to `doctor`'s plan made from /review, newest first.
    public func planEdits(doctor: String, limit: Int = 20) async throws -> [PlanEdit] {
        try await database.engine.read { db in
            try db.fetchAll("""
                SELECT doctor, actor, at, field, before, after FROM planEdit WHERE doctor = ? ORDER BY id DESC LIMIT ?
                """, [doctor, limit]).map { row in
                PlanEdit(doctor: try row.decode("doctor"), actor: try row.decode("actor"),
                         at: Timestamp.date(try row.decode("at")) ?? Date(timeIntervalSince1970: 0),
                         field: try row.decode("field"), before: try row.decode("before"), after: try row.decode("after"))
            }
        }
    }
}
