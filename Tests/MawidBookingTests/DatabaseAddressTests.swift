import MawidStorage
import Foundation
import Testing
@testable import MawidBooking

/// `--db`: a path is SQLite; a `postgres://` address gives host, port, user, database and the password from
/// the address, `PGPASSWORD` or `.pgpass`; a wrong address is a clear error; the password is never shown.
@Suite struct DatabaseAddressTests {
    func postgres(_ text: String, environment: [String: String] = [:], home: String = "/nonexistent") throws -> DatabaseAddress.Postgres {
        guard case .postgres(let address) = try DatabaseAddress.parse(text, environment: environment, home: home) else {
            throw DatabaseAddress.Problem(description: "not postgres")
        }
        return address
    }

    @Test func aPathIsSQLiteAndAnAddressIsPostgreSQL() throws {
        #expect(try DatabaseAddress.parse("data/mawid.sqlite") == .sqlite(path: "data/mawid.sqlite"))
        let address = try postgres("postgres://mawid:s3cr%40t@db.example.dz:6543/clinic")
        #expect(address == .init(host: "db.example.dz", port: 6543, user: "mawid", password: "s3cr@t", database: "clinic"))
        #expect(try postgres("postgresql://mawid@127.0.0.1/mawid").port == 5432)
        #expect(DatabaseAddress.postgres(address).description == "postgres://mawid:***@db.example.dz:6543/clinic")
    }

    @Test func thePasswordComesFromPGPASSWORDOrPgpass() throws {
        #expect(try postgres("postgres://mawid@db/mawid", environment: ["PGPASSWORD": "from-env"]).password == "from-env")
        let folder = NSTemporaryDirectory() + "mawid-pgpass-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
            # host:port:database:user:password
            other:5432:*:mawid:not-this-one
            db:5432:mawid:mawid:pa\\:ss
            *:*:*:*:fallback
            """.write(toFile: folder + "/.pgpass", atomically: true, encoding: .utf8)
        #expect(try postgres("postgres://mawid@db/mawid", home: folder).password == "pa:ss")
        #expect(try postgres("postgres://else@db:7000/x", home: folder).password == "fallback")
        #expect(try postgres("postgres://mawid:given@db/mawid", environment: ["PGPASSWORD": "no"], home: folder).password == "given")
        #expect(try postgres("postgres://mawid@db/mawid", environment: ["PGPASSFILE": "/nonexistent"], home: folder).password == nil)
    }

    @Test func aWrongAddressSaysWhatIsMissingWithoutThePassword() {
        for (text, part) in [("postgres://mawid:secret@db", "names no database"), ("postgres://db/mawid", "names no user"),
                             ("postgres://:secret@/mawid", "is not a PostgreSQL address")] {
            do {
                _ = try DatabaseAddress.parse(text, environment: [:], home: "/nonexistent")
                Issue.record("\(text) accepted")
            } catch {
                #expect(error.description.contains(part), "\(error)")
                #expect(!error.description.contains("secret"), "\(error)")
            }
        }
    }
}
