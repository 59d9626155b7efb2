import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
@testable import MawidServer
import Testing

/// Documents through HTTP: the patient uploads a PDF, the practice downloads it intact (and the other way),
/// as attachments never cached or sniffed; bad uploads (type, size, name, cut) answered with the page and
/// nothing kept; only the booking's link and practice reach them.
@Suite struct DocumentTests {
    let review = ReviewTests()
    let notifications = NotificationRouteTests()
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    /// A `multipart/form-data` body as a browser sends it: `fields`, then `file` named `name`.
    static func multipart(_ bytes: [UInt8], name: String, fields: [String: String] = [:], cut: Bool = false) -> (HTTPFields, ByteBuffer) {
        let boundary = "----mawidtest7MA4YWxkTrZu0gW"
        var body = ""
        for (key, value) in fields { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n" }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/pdf\r\n\r\n"
        var buffer = ByteBuffer(string: body)
        buffer.writeBytes(cut ? Array(bytes.prefix(bytes.count / 2)) : bytes)
        if !cut { buffer.writeString("\r\n--\(boundary)--\r\n") }
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], buffer)
    }

    func upload(_ client: any TestClientProtocol, _ uri: String, _ bytes: [UInt8], name: String = "lettre.pdf",
                fields: [String: String] = [:], cookie: String? = nil, cut: Bool = false) async throws -> TestResponse {
        var (headers, body) = Self.multipart(bytes, name: name, fields: fields, cut: cut)
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: body)
    }

    @Test func aPDFGoesFromThePatientToThePracticeIntactAndBack() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            try AccountStore(database: store.database).setContact(login: "amina", email: "amina@clinic.dz", phone: nil)
            let visit = try await notifications.book(client, store, time: "09:00")
            let sent = try await upload(client, visit.page + "/documents", Self.pdf, name: "lettre d'orientation.pdf")
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location]?.hasSuffix("?done=document_added#documents") == true)
            let told = try await store.outbox(bookingID: visit.id).filter { $0.kind == .patientDocument }
            #expect(told.map(\.recipient) == ["amina@clinic.dz"])
            #expect(told.allSatisfy { !$0.body.contains("orientation") })

            let amina = try await review.session(client, "amina")
            let card = try await client.get("/review/bookings/\(visit.id)", headers: [.cookie: amina.cookie])
            let link = String(try #require(card.text.firstMatch(of: /href="(\/review\/bookings\/\d+\/documents\/\d+)" download>lettre d&#39;orientation.pdf/)?.1))
            let file = try await client.get(link, headers: [.cookie: amina.cookie])
            #expect(file.status == .ok)
            #expect(Array(file.body.readableBytesView) == Self.pdf)
            #expect(file.headers[.contentType] == "application/pdf")
            #expect(file.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(file.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(file.headers[.cacheControl]?.contains("no-store") == true)

            // The practice sends a certificate back (its form carries the session's token).
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
            #expect(try await upload(client, "/review/bookings/\(visit.id)/documents", png, name: "certificat.png",
                                     cookie: amina.cookie).status == .forbidden)
            let back = try await upload(client, "/review/bookings/\(visit.id)/documents", png, name: "certificat.png",
                                        fields: ["csrf": amina.csrf], cookie: amina.cookie)
            #expect(back.status == .seeOther)
            #expect(try await store.outbox(bookingID: visit.id).contains { $0.kind == .practiceDocument })
            let page = try await client.get(visit.page)
            let patientLink = String(try #require(page.text.firstMatch(of: /href="(\/api\/b\/[^"]+\/documents\/\d+)" download>certificat.png/)?.1))
            let got = try await client.get(patientLink)
            #expect(Array(got.body.readableBytesView) == png && got.headers[.contentType] == "image/png")
        }
    }

    @Test func badUploadsAreExplainedAndNothingIsKept() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let visit = try await notifications.book(client, store, time: "09:00")
            let html = try await upload(client, visit.page + "/documents", Array("<html><script>alert(1)</script>".utf8), name: "scan.pdf")
            #expect(html.status == .unprocessableContent)
            #expect(html.text.contains("« scan.pdf » n&#39;est ni un PDF"))
            let path = try await upload(client, visit.page + "/documents", Self.pdf, name: "../../secret.pdf")
            #expect(path.status == .unprocessableContent && path.text.contains("contient / \\ ou .."))
            let cut = try await upload(client, visit.page + "/documents", Self.pdf + [UInt8](repeating: 65, count: 4000), cut: true)
            #expect(cut.status == .badRequest && cut.text.contains("pas arrivé en entier"))
            let big = Self.pdf + [UInt8](repeating: 32, count: 10 * 1024 * 1024)
            let tooBig = try await upload(client, visit.page + "/documents", big)
            #expect(tooBig.status == .contentTooLarge && tooBig.text.contains("10 MB"))
            let none = try await upload(client, visit.page + "/documents", [], name: "")
            #expect(none.status == .unprocessableContent && none.text.contains("Aucun fichier reçu"))
            let page = try await client.get(visit.page)
            #expect(page.text.contains("Aucun document pour le moment."))
            #expect(try await client.postJSON(visit.page + "/documents", "{}").status == .unsupportedMediaType)
        }
    }

    @Test func onlyTheBookingsLinkAndPracticeReachItsDocuments() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let visit = try await notifications.book(client, store, time: "09:00")
            let other = try await notifications.book(client, store, time: "09:30", phone: "0661 11 22 33")
            #expect(try await upload(client, visit.page + "/documents", Self.pdf).status == .seeOther)
            let page = try await client.get(visit.page)
            let link = String(try #require(page.text.firstMatch(of: /href="(\/api\/b\/[^"]+\/documents\/(\d+))" download/)?.1))
            let id = String(link.split(separator: "/").last!)
            // Another patient's link with this document's number; a forged link; another practice.
            #expect(try await client.get(other.page + "/documents/\(id)").status == .notFound)
            #expect(try await client.get(String(visit.page.dropLast(2)) + "zz/documents/\(id)").status == .notFound)
            let karim = try await review.session(client, "karim")
            #expect(try await client.get("/review/bookings/\(visit.id)/documents/\(id)", headers: [.cookie: karim.cookie]).status == .notFound)
            #expect(try await upload(client, "/review/bookings/\(visit.id)/documents", Self.pdf, fields: ["csrf": karim.csrf],
                                     cookie: karim.cookie).status == .notFound)
            #expect(try await client.get("/review/bookings/\(visit.id)/documents/\(id)").status == .seeOther)  // to the login
            let amina = try await review.session(client, "amina")
            #expect(try await client.get("/review/bookings/\(other.id)/documents/\(id)", headers: [.cookie: amina.cookie]).status == .notFound)
            #expect(try await client.get("/review/bookings/\(visit.id)/documents/\(id)", headers: [.cookie: amina.cookie]).status == .ok)
        }
    }
}
