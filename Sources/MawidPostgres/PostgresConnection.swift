import MawidStorage
import Foundation
import Logging

import PostgresNIO

/// A PostgreSQL database named by `--db postgres://…` (`DatabaseAddress.Postgres`), through postgres-nio.
/// So far: connecting, and saying in words why it failed (a refused password, a
/// server that does not answer, a database that does not exist), never with the password.
public struct PostgresDatabase: Sendable {
    public let address: DatabaseAddress.Postgres

    public init(_ address: DatabaseAddress.Postgres) { self.address = address }

    /// Why the database cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    var configuration: PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                             password: address.password, database: address.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// Runs `body` on one connection of this database, then closes it; a failure to connect comes as a
    /// `Problem` in words (the pool of `PostgresClient`, for the storage to come, hides why behind retries).
    public func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = Logger(label: "mawid-postgres") { _ in SwiftLogNoOpLogHandler() }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch let error as PSQLError {
            throw explained(error)
        }
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch let error as PSQLError {
            try? await connection.close()
            throw explained(error)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The server's version, or why it cannot be reached or used.
    public func serverVersion() async throws -> String {
        try await withConnection { connection in
            let rows = try await connection.query("SELECT current_setting('server_version')", logger: Logger(label: "mawid-postgres") { _ in SwiftLogNoOpLogHandler() })
            for try await version in rows.decode(String.self) { return version }
            return "?"
        }
    }

    /// A postgres-nio error in words, naming the server, user and database (not the password).
    func explained(_ error: PSQLError) -> Problem {
        let place = "\(address.user)@\(address.host):\(address.port)/\(address.database)"
        if let server = error.serverInfo, let code = server[.sqlState] {
            switch code {
            case "28P01", "28000":
                return Problem(description: "PostgreSQL refused the password of \(place): check the password in the address, PGPASSWORD or ~/.pgpass")
            case "3D000":
                return Problem(description: "PostgreSQL has no database \(address.database) at \(address.host):\(address.port): create it (createdb) or fix --db")
            default:
                return Problem(description: "PostgreSQL at \(place): \(server[.message] ?? code) (\(code))")
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection:
            return Problem(description: "cannot reach PostgreSQL at \(address.host):\(address.port): is the server running and the address right?")
        default:
            return Problem(description: "PostgreSQL at \(place): \(error.code)")
        }
    }
}
