import MawidStorage
import Foundation
import MawidBooking
import Testing
@testable import MawidPostgres

/// Against the throwaway cluster `make test` starts (`scripts/pg-throwaway`, address in MAWID_TEST_POSTGRES);
/// skipped without one. A good address connects; a wrong password, a missing database and a server that does
/// not answer each say so in words, without the password.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MAWID_TEST_POSTGRES"] != nil))
struct PostgresConnectionTests {
    func address() throws -> DatabaseAddress.Postgres {
        let text = ProcessInfo.processInfo.environment["MAWID_TEST_POSTGRES"] ?? ""
        guard case .postgres(let address) = try DatabaseAddress.parse(text, environment: [:]) else {
            throw PostgresDatabase.Problem(description: "MAWID_TEST_POSTGRES is not a postgres:// address")
        }
        return address
    }

    @Test func theTestClusterAnswers() async throws {
        let version = try await PostgresDatabase(try address()).serverVersion()
        #expect(version.first?.isNumber == true)
    }

    @Test func aRefusedPasswordAMissingDatabaseAndNoServerAreSaidInWords() async throws {
        let good = try address()
        var wrong = good
        wrong.password = "not-the-password"
        await expectProblem(wrong, "refused the password of mawid@127.0.0.1")
        var missing = good
        missing.database = "nowhere"
        await expectProblem(missing, "has no database nowhere")
        var closed = good
        closed.port = 1
        await expectProblem(closed, "cannot reach PostgreSQL at 127.0.0.1:1")
    }

    func expectProblem(_ address: DatabaseAddress.Postgres, _ text: String) async {
        do {
            _ = try await PostgresDatabase(address).serverVersion()
            Issue.record("connected to \(address.database)")
        } catch {
            let description = "\(error)"
            #expect(description.contains(text), "\(description)")
            if let password = address.password { #expect(!description.contains(password)) }
        }
    }
}
