import Foundation
import Testing
@testable import MawidBooking

/// Every status × every action × three moments, against a table written out by hand.
@Suite struct StateMachineTests {
    static let visit = instant("2025-03-20T09:00:00Z")
    static let rules = TransitionRules()  // patients: 2 hours before the visit at the latest

    /// The three moments of the table's columns.
    static let moments: [(name: String, now: Date)] = [
        ("before", visit.addingTimeInterval(-3 * 3600)),   // before the patients' cutoff
        ("within", visit.addingTimeInterval(-1 * 3600)),   // within the cutoff, before the visit
        ("after", visit.addingTimeInterval(1 * 3600)),     // the visit has started
    ]

    /// status, action, outcome before the cutoff, within it, after the start.
    /// A status name is the new status; `x` is notAllowed; tooLate, visitPassed, visitNotPassed are errors.
    static let table = """
        pending    confirm            confirmed       confirmed       visitPassed
        pending    decline            declined        declined        visitPassed
        pending    propose            proposed        proposed        visitPassed
        pending    cancelByPractice   cancelled       cancelled       visitPassed
        pending    markDone           x               x               x
        pending    markNoShow         x               x               x
        pending    patientCancel      cancelled       tooLate         tooLate
        pending    patientAccept      x               x               x
        pending    patientRefuse      x               x               x
        pending    patientReschedule  pending         tooLate         tooLate
        confirmed  confirm            x               x               x
        confirmed  decline            x               x               x
        confirmed  propose            proposed        proposed        visitPassed
        confirmed  cancelByPractice   cancelled       cancelled       visitPassed
        confirmed  markDone           visitNotPassed  visitNotPassed  done
        confirmed  markNoShow         visitNotPassed  visitNotPassed  noshow
        confirmed  patientCancel      cancelled       tooLate         tooLate
        confirmed  patientAccept      x               x               x
        confirmed  patientRefuse      x               x               x
        confirmed  patientReschedule  pending         tooLate         tooLate
        proposed   confirm            x               x               x
        proposed   decline            x               x               x
        proposed   propose            proposed        proposed        visitPassed
        proposed   cancelByPractice   cancelled       cancelled       visitPassed
        proposed   markDone           x               x               x
        proposed   markNoShow         x               x               x
        proposed   patientCancel      cancelled       tooLate         tooLate
        proposed   patientAccept      confirmed       tooLate         tooLate
        proposed   patientRefuse      cancelled       tooLate         tooLate
        proposed   patientReschedule  pending         tooLate         tooLate
        declined   confirm            x               x               x
        declined   decline            x               x               x
        declined   propose            x               x               x
        declined   cancelByPractice   x               x               x
        declined   markDone           x               x               x
        declined   markNoShow         x               x               x
        declined   patientCancel      x               x               x
        declined   patientAccept      x               x               x
        declined   patientRefuse      x               x               x
        declined   patientReschedule  x               x               x
        cancelled  confirm            x               x               x
        cancelled  decline            x               x               x
        cancelled  propose            x               x               x
        cancelled  cancelByPractice   x               x               x
        cancelled  markDone           x               x               x
        cancelled  markNoShow         x               x               x
        cancelled  patientCancel      x               x               x
        cancelled  patientAccept      x               x               x
        cancelled  patientRefuse      x               x               x
        cancelled  patientReschedule  x               x               x
        done       confirm            x               x               x
        done       decline            x               x               x
        done       propose            x               x               x
        done       cancelByPractice   x               x               x
        done       markDone           x               x               x
        done       markNoShow         x               x               x
        done       patientCancel      x               x               x
        done       patientAccept      x               x               x
        done       patientRefuse      x               x               x
        done       patientReschedule  x               x               x
        noshow     confirm            x               x               x
        noshow     decline            x               x               x
        noshow     propose            x               x               x
        noshow     cancelByPractice   x               x               x
        noshow     markDone           x               x               x
        noshow     markNoShow         x               x               x
        noshow     patientCancel      x               x               x
        noshow     patientAccept      x               x               x
        noshow     patientRefuse      x               x               x
        noshow     patientReschedule  x               x               x
        """

    struct Row: Sendable, CustomTestStringConvertible {
        var status: BookingStatus
        var action: String
        var outcomes: [String]
        var testDescription: String { "\(status.rawValue) \(action)" }
    }

    static let rows: [Row] = table.split(separator: "\n").map { line in
        let words = line.split(separator: " ").map(String.init)
        return Row(status: BookingStatus(rawValue: words[0])!, action: words[1], outcomes: Array(words[2...]))
    }

    static let newSlot = slot("2025-03-24", "10:00")

    /// Builds the action of a name, independently of `BookingAction.samples`.
    static func action(_ name: String) -> BookingAction {
        switch name {
        case "confirm": .confirm
        case "decline": .decline(reason: "Absent ce jour-là")
        case "propose": .propose(newSlot)
        case "cancelByPractice": .cancelByPractice(reason: nil)
        case "markDone": .markDone
        case "markNoShow": .markNoShow
        case "patientCancel": .patientCancel
        case "patientAccept": .patientAccept
        case "patientRefuse": .patientRefuse
        case "patientReschedule": .patientReschedule(newSlot)
        default: fatalError("unknown action \(name)")
        }
    }

    static func expected(_ word: String, status: BookingStatus, action: String) -> Result<BookingStatus, TransitionError> {
        switch word {
        case "x": .failure(.notAllowed(from: status, action: action))
        case "tooLate": .failure(.tooLate)
        case "visitPassed": .failure(.visitPassed)
        case "visitNotPassed": .failure(.visitNotPassed)
        default: .success(BookingStatus(rawValue: word)!)
        }
    }

    @Test func tableCoversEveryStatusAndAction() {
        #expect(Self.rows.count == BookingStatus.allCases.count * BookingAction.allNames.count)
        for status in BookingStatus.allCases {
            #expect(Self.rows.filter { $0.status == status }.map(\.action) == BookingAction.allNames)
        }
        for row in Self.rows { #expect(row.outcomes.count == Self.moments.count) }
    }

    @Test(arguments: rows)
    func transition(row: Row) {
        let action = Self.action(row.action)
        #expect(action.name == row.action)
        for (moment, word) in zip(Self.moments, row.outcomes) {
            let result = BookingStateMachine.next(row.status, action, visitStart: Self.visit, now: moment.now, rules: Self.rules)
            #expect(result == Self.expected(word, status: row.status, action: row.action), "\(moment.name)")
        }
    }

    /// `allowedActions` lists exactly the actions of a side that the table allows, in declaration order.
    @Test(arguments: BookingStatus.allCases)
    func allowedActionsFollowTheTable(status: BookingStatus) {
        for (index, moment) in Self.moments.enumerated() {
            for side in [BookingSide.practice, .patient] {
                let expected = Self.rows.filter { row in
                    row.status == status && Self.action(row.action).side == side
                        && BookingStatus(rawValue: row.outcomes[index]) != nil
                }.map(\.action)
                let allowed = BookingStateMachine.allowedActions(status, side: side, visitStart: Self.visit, now: moment.now,
                                                                 rules: Self.rules)
                #expect(allowed == expected, "\(moment.name) \(side)")
            }
        }
    }

    /// `isFinal` comes from the state machine: exactly the statuses the table says nothing leads out of.
    @Test func finalStatusesAreThoseWithNoMove() {
        #expect(BookingStatus.allCases.filter(\.isFinal) == [.declined, .cancelled, .done, .noShow])
        for status in BookingStatus.allCases {
            let leaves = Self.rows.contains { row in row.status == status && row.outcomes.contains { BookingStatus(rawValue: $0) != nil } }
            #expect(status.isFinal == !leaves, "\(status)")
        }
    }

    @Test func sides() {
        let practice = ["confirm", "decline", "propose", "cancelByPractice", "markDone", "markNoShow"]
        for name in BookingAction.allNames {
            #expect(Self.action(name).side == (practice.contains(name) ? .practice : .patient), "\(name)")
        }
        #expect(BookingAction.decline(reason: "Karim Benali est malade").description == "decline")
    }

    @Test func boundaries() {
        let visit = Self.visit
        func next(_ status: BookingStatus, _ action: BookingAction, _ now: Date,
                  rules: TransitionRules = TransitionRules()) -> Result<BookingStatus, TransitionError> {
            BookingStateMachine.next(status, action, visitStart: visit, now: now, rules: rules)
        }
        // Patients: exactly two hours before is too late; one second earlier is fine.
        #expect(next(.confirmed, .patientCancel, visit.addingTimeInterval(-7200)) == .failure(.tooLate))
        #expect(next(.confirmed, .patientCancel, visit.addingTimeInterval(-7201)) == .success(.cancelled))
        // The office: at the start time the visit has started.
        #expect(next(.pending, .confirm, visit) == .failure(.visitPassed))
        #expect(next(.pending, .confirm, visit.addingTimeInterval(-1)) == .success(.confirmed))
        #expect(next(.confirmed, .markDone, visit) == .success(.done))
        #expect(next(.confirmed, .markNoShow, visit.addingTimeInterval(-1)) == .failure(.visitNotPassed))
        // Other cutoffs.
        let noCutoff = TransitionRules(patientCutoff: 0)
        #expect(next(.proposed, .patientAccept, visit.addingTimeInterval(-1), rules: noCutoff) == .success(.confirmed))
        #expect(next(.proposed, .patientAccept, visit, rules: noCutoff) == .failure(.tooLate))
        let day = TransitionRules(patientCutoff: 86_400)
        #expect(next(.pending, .patientCancel, visit.addingTimeInterval(-3 * 3600), rules: day) == .failure(.tooLate))
        #expect(TransitionRules().patientCutoff == 7200)
    }
}
