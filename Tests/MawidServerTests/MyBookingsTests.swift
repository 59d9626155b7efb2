import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import MawidDelivery
import Testing
@testable import MawidServer

/// "My appointments": a code by SMS, then every booking of the number (own and relatives', any doctor) and no
/// other; the same answers for a number without bookings; wrong codes, expiry, limits per number and per client;
/// the session cookie and its end; the code never in the logs, /review/outbox or once sent; Arabic right to left;
/// every answer as the OpenAPI document says.
@Suite struct MyBookingsTests {
    let notifications = NotificationRouteTests()
    let review = ReviewTests()

    /// Yasmine's own booking with Dr Benali, her daughter's with Dr Haddad (the number written another way), and
    /// Rachid's with Dr Benali (another number).
    func bookThree(_ client: any TestClientProtocol, _ store: BookingStore) async throws
        -> (own: (id: Int64, page: String), relative: (id: Int64, page: String), other: (id: Int64, page: String)) {
        let own = try await notifications.book(client, store, date: "2026-12-06", time: "09:00")
        let relative = try await notifications.book(client, store, date: "2026-12-08", time: "09:00", phone: "+213 550 12 34 56",
                                                    doctor: "karim-haddad",
                                                    extra: #""for": "relative", "relative_name": "Lina Kaci", "relative_birthdate": "2016-04-02""#)
        let other = try await client.postJSON("/api/bookings", bookingJSON(date: "2026-12-06", time: "09:30", name: "Rachid Bey", phone: "0661 22 33 44"))
        #expect(other.status == .created)
        let reference = try #require(other.json["reference"] as? String)
        let otherID = try #require(try await store.booking(reference: reference)).id
        let otherPage = try #require(other.json["manageURL"] as? String).replacingOccurrences(of: "https://test.example.dz", with: "")
        return (own, relative, (otherID, otherPage))
    }

    /// Asks for a code as the form does.
    @discardableResult
    func requestCode(_ client: any TestClientProtocol, _ phone: String, lang: String = "fr") async throws -> TestResponse {
        try await post(client, "/api/my", form(["phone": phone, "lang": lang, "csrf": Self.formToken]))
    }

    func checkCode(_ client: any TestClientProtocol, _ phone: String, _ code: String, lang: String = "fr") async throws -> TestResponse {
        try await post(client, "/api/my/code", form(["phone": phone, "code": code, "lang": lang, "csrf": Self.formToken]))
    }

    /// The browser's form token, in its cookie (set with the phone form) and in the form.
    static let formToken = "a-browser-form-token"

    func post(_ client: any TestClientProtocol, _ uri: String, _ body: String, cookie: String? = "mawid_my_form=\(formToken)") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func aFormPostedFromAnotherSiteIsRefused() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            // The phone form sets the browser's token and carries it.
            let page = try await client.get("/api/my")
            let cookie = String(try #require(page.headers[.setCookie]?.split(separator: ";").first))
            #expect(cookie.hasPrefix("mawid_my_form="))
            #expect(page.headers[.setCookie]?.contains("SameSite=Strict") == true)
            let token = String(cookie.dropFirst("mawid_my_form=".count))
            #expect(page.text.contains("name=\"csrf\" value=\"\(token)\""))
            // Without the cookie (another site's form: a SameSite=Strict cookie is not sent) or with another token: refused, no SMS.
            let forged = try await post(client, "/api/my", form(["phone": "0550 12 34 56", "csrf": token]), cookie: nil)
            #expect(forged.status == .forbidden && forged.text.contains("La page a expiré"))
            let wrong = try await post(client, "/api/my/code", form(["phone": "0550 12 34 56", "code": "123456", "csrf": "other"]), cookie: cookie)
            #expect(wrong.status == .forbidden)
            #expect(try await post(client, "/api/my", form(["phone": "0550 12 34 56", "csrf": token]), cookie: cookie).status == .ok)
            _ = store
        }
    }

    func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    /// The code SMS of the outbox, newest last.
    func codeMessages(_ store: BookingStore) async throws -> [OutboxMessage] {
        try await store.outbox(all: true).filter { $0.kind == .loginCode }
    }

    /// The code in the newest code SMS to `phone` (E.164).
    func lastCode(_ store: BookingStore, to phone: String = "+213550123456") async throws -> String {
        let message = try #require(try await codeMessages(store).last { $0.recipient == phone })
        return String(try #require(message.body.firstMatch(of: /\b([0-9]{6})\b/)).1)
    }

    /// The session cookie (`name=value`) set by a sign-in.
    func cookie(_ response: TestResponse) throws -> String {
        String(try #require(response.headers[.setCookie]?.split(separator: ";").first))
    }

    func signIn(_ client: any TestClientProtocol, _ store: BookingStore, _ phone: String = "0550 12 34 56") async throws -> String {
        try await requestCode(client, phone)
        let response = try await checkCode(client, phone, try await lastCode(store))
        #expect(response.status == .seeOther)
        return try cookie(response)
    }

    @Test func aCodeBySMSShowsEveryBookingOfTheNumberAcrossDoctorsAndNoOther() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            let booked = try await bookThree(client, store)
            let form = try await client.get("/api/my?lang=fr")
            #expect(form.status == .ok)
            #expect(form.text.contains("action=\"/api/my\"") && form.text.contains("<label for=\"my-phone\">"))
            #expect(form.text.contains("<html lang=\"fr\" dir=\"ltr\">"))

            // Any common way of writing the number.
            let asked = try await requestCode(client, "00213 550 12 34 56")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("action=\"/api/my/code\"") && asked.text.contains("autocomplete=\"one-time-code\""))
            #expect(asked.text.contains("Si ce numéro a des rendez-vous chez nous"))
            let messages = try await codeMessages(store)
            #expect(messages.count == 1)
            let sms = try #require(messages.first)
            #expect(sms.channel == .sms && sms.recipient == "+213550123456" && sms.bookingID == nil && sms.language == "fr")
            #expect(sms.notAfter == ServerFixture.now.addingTimeInterval(600))
            #expect(sms.body.contains("https://test.example.dz/api/my"))
            let code = try await lastCode(store)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            // The code table holds neither the number nor the code.
            let rows = try await store.database.engine.read { db in try db.values("SELECT phoneKey || codeHash || salt FROM signInCode", as: String.self) }
            #expect(rows.count == 1 && !rows[0].contains(code) && !rows[0].contains("550123456"))

            // The code as typed from an SMS: with a space.
            let signedIn = try await checkCode(client, "0550 12 34 56", String(code.prefix(3)) + " " + String(code.suffix(3)))
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/api/my/bookings?lang=fr")
            let setCookie = try #require(signedIn.headers[.setCookie])
            for part in ["mawid_my=", "HttpOnly", "SameSite=Strict", "Path=/api/my", "Secure"] {
                #expect(setCookie.contains(part), "\(part) in \(setCookie)")
            }
            #expect(!setCookie.contains("Max-Age") && !setCookie.contains("Expires"))
            let session = try cookie(signedIn)

            let list = try await client.get("/api/my/bookings?lang=fr", headers: [.cookie: session])
            #expect(list.status == .ok)
            let text = list.text
            #expect(text.contains("Dr Amina Benali") && text.contains("Dr Karim Haddad"))
            #expect(text.contains("Yasmine Kaci") && text.contains("Lina Kaci (un proche)"))
            #expect(!text.contains("Rachid") && !text.contains(booked.other.page))
            #expect(text.contains("<strong dir=\"ltr\">0550 12 34 56</strong>"))
            #expect(MyBookingsView.display("+21321481317") == "021 48 13 17" && MyBookingsView.display("+33612345678") == "+33612345678")
            // Newest visit first: the 8th before the 6th.
            let eighth = try #require(text.range(of: "8 décembre 2026"))
            let sixth = try #require(text.range(of: "6 décembre 2026"))
            #expect(eighth.lowerBound < sixth.lowerBound)
            // Each links to its page, with every action.
            let links = text.matches(of: /href="(\/api\/b\/[A-Za-z0-9_.\-]+)\?lang=fr"/).map { String($0.1) }
            #expect(Set(links).count == 2)
            for link in Set(links) {
                let page = try await client.get(link)
                #expect(page.status == .ok && page.text.contains("/cancel\""))
            }
            #expect(list.headers[.init("Referrer-Policy")!] == "no-referrer")

            // Used up, and masked in the outbox.
            #expect(try await checkCode(client, "0550 12 34 56", code).status == .notFound)
            #expect(try await codeMessages(store).allSatisfy { !$0.body.contains(code) && $0.body.contains("••••••") })
            #expect(!fixture.logs.text.contains(code))

            // Signing out ends the session for good.
            let out = try await client.execute(uri: "/api/my/signout", method: .post,
                                               headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: "lang=fr"))
            #expect(out.status == .seeOther && out.headers[.location] == "/api/my?lang=fr&signed_out=1")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.get("/api/my?lang=fr&signed_out=1").text.contains("Vous êtes déconnecté."))
            let after = try await client.get("/api/my/bookings?lang=fr", headers: [.cookie: session])
            #expect(after.status == .seeOther && after.headers[.location] == "/api/my?lang=fr&ended=1")
        }
    }

    @Test func aNumberWithoutBookingsGetsTheSameAnswersAndNoSMS() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            _ = try await bookThree(client, store)
            let known = try await requestCode(client, "0550 12 34 56")
            let unknown = try await requestCode(client, "0770 98 76 54")
            #expect(known.status == unknown.status)
            #expect(known.text.replacingOccurrences(of: "0550 12 34 56", with: "N") == unknown.text.replacingOccurrences(of: "0770 98 76 54", with: "N"))
            #expect(try await codeMessages(store).map(\.recipient) == ["+213550123456"])
            // A code typed for either: the same refusal, the same count of tries left.
            let wrongKnown = try await checkCode(client, "0550 12 34 56", "000000")
            let wrongUnknown = try await checkCode(client, "0770 98 76 54", "000000")
            #expect(wrongKnown.status == .unprocessableContent && wrongUnknown.status == .unprocessableContent)
            #expect(wrongKnown.text.replacingOccurrences(of: "0550 12 34 56", with: "N") == wrongUnknown.text.replacingOccurrences(of: "0770 98 76 54", with: "N"))
            #expect(wrongUnknown.text.contains("Essais restants : 4."))
            // A number never asked for: no code, as for an expired one.
            #expect(try await checkCode(client, "0699 11 22 33", "123456").status == .notFound)
            // JSON clients get the same answers too.
            let json = try await client.postJSON("/api/my", #"{"phone": "0770 98 76 54"}"#)
            #expect(json.status == .accepted && json.json["status"] as? String == "requested")
        }
    }

    @Test func fiveWrongCodesKillTheCode() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            _ = try await bookThree(client, store)
            try await requestCode(client, "0550 12 34 56")
            let code = try await lastCode(store)
            let wrong = code == "111111" ? "222222" : "111111"
            for left in [4, 3, 2, 1] {
                let response = try await checkCode(client, "0550 12 34 56", wrong)
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("Essais restants : \(left)."))
                #expect(response.text.contains("aria-invalid=\"true\""))
            }
            // Not 6 digits: said so, and no try is counted.
            let malformed = try await checkCode(client, "0550 12 34 56", "12ab")
            #expect(malformed.status == .unprocessableContent && malformed.text.contains("Écrivez les 6 chiffres"))
            let fifth = try await checkCode(client, "0550 12 34 56", wrong)
            #expect(fifth.status == .notFound)
            #expect(fifth.text.contains("Trop de codes erronés") && fifth.text.contains("action=\"/api/my\""))
            // Dead: the right code no longer works, and its text is masked.
            #expect(try await checkCode(client, "0550 12 34 56", code).status == .notFound)
            #expect(try await codeMessages(store).allSatisfy { !$0.body.contains(code) })
            // A new code works.
            try await requestCode(client, "0550 12 34 56")
            #expect(try await checkCode(client, "0550 12 34 56", try await lastCode(store)).status == .seeOther)
        }
    }

    @Test func aCodeExpiresAfterTenMinutesAndANewOneReplacesTheOld() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            _ = try await bookThree(client, store)
            try await requestCode(client, "0550 12 34 56")
            let first = try await lastCode(store)
            fixture.clock.now = ServerFixture.now.addingTimeInterval(10 * 60)
            let expired = try await checkCode(client, "0550 12 34 56", first)
            #expect(expired.status == .notFound && expired.text.contains("Ce code a expiré ou a déjà servi."))
            #expect(!expired.headers.contains { $0.name == .setCookie })

            try await requestCode(client, "0550 12 34 56")
            let second = try await lastCode(store)
            try await requestCode(client, "0550 12 34 56")
            let third = try await lastCode(store)
            if second != third {
                #expect(try await checkCode(client, "0550 12 34 56", second).status == .unprocessableContent)
            }
            #expect(try await checkCode(client, "0550 12 34 56", third).status == .seeOther)
            // The replaced code's SMS, not sent yet, will not be: too late to be of use.
            let replaced = try #require(try await codeMessages(store).dropLast().last)
            #expect(replaced.state == .failed && !replaced.body.contains(second))
        }
    }

    @Test func codesAreLimitedPerNumberAndPerClient() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            _ = try await bookThree(client, store)
            for _ in 1...SignInCodes.perHour {
                #expect(try await requestCode(client, "0550 12 34 56").status == .ok)
            }
            let limited = try await requestCode(client, "0550 12 34 56")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "3600")
            #expect(limited.text.contains("Trop de codes demandés pour ce numéro. Réessayez dans 60 minutes."))
            // The same for a number without bookings.
            for _ in 1...SignInCodes.perHour { _ = try await requestCode(client, "0770 98 76 54") }
            #expect(try await requestCode(client, "0770 98 76 54").status == .tooManyRequests)
            // Another number is not held back; an hour later this one may ask again, up to 10 a day.
            #expect(try await requestCode(client, "0661 22 33 44").status == .ok)
            var asked = SignInCodes.perHour
            while asked < SignInCodes.perDay {
                fixture.clock.now += 3600
                for _ in 0..<min(SignInCodes.perHour, SignInCodes.perDay - asked) {
                    #expect(try await requestCode(client, "0550 12 34 56").status == .ok)
                    asked += 1
                }
            }
            fixture.clock.now += 3600
            let daily = try await requestCode(client, "0550 12 34 56")
            #expect(daily.status == .tooManyRequests)
            #expect(Int(daily.headers[.retryAfter] ?? "") ?? 0 > 3600)
            #expect(try await codeMessages(store).count == SignInCodes.perDay + 1)
        }
        // Per client (with `--rate-limit` on): 10 requests an hour, whatever the numbers; 30 tries.
        let other = try ServerFixture()
        try await other.test(postsPerMinute: 1000) { client, _ throws in
            for n in 0..<SignInLimits.codesPerClientPerHour {
                #expect(try await requestCode(client, "0770 00 00 \(10 + n)").status == .ok)
            }
            let limited = try await requestCode(client, "0770 00 00 99")
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            #expect(limited.text.contains("Trop d’essais depuis cette connexion."))
            for _ in 0..<SignInLimits.checksPerClientPerHour {
                #expect(try await checkCode(client, "0770 00 00 10", "123456").status != .tooManyRequests)
            }
            #expect(try await checkCode(client, "0770 00 00 10", "123456").status == .tooManyRequests)
        }
    }

    @Test func theSessionEndsAfterThirtyMinutesUnusedOrFourHours() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            _ = try await bookThree(client, store)
            let session = try await signIn(client, store)
            // Signed in: the form leads to the list.
            let start = try await client.get("/api/my?lang=ar", headers: [.cookie: session])
            #expect(start.status == .seeOther && start.headers[.location] == "/api/my/bookings?lang=ar")
            for minutes in [20.0, 45, 70] {
                fixture.clock.now = ServerFixture.now.addingTimeInterval(minutes * 60)
                #expect(try await client.get("/api/my/bookings", headers: [.cookie: session]).status == .ok)
            }
            fixture.clock.now = ServerFixture.now.addingTimeInterval(101 * 60)
            let ended = try await client.get("/api/my/bookings?lang=en", headers: [.cookie: session])
            #expect(ended.status == .seeOther && ended.headers[.location] == "/api/my?lang=en&ended=1")
            #expect(ended.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.get("/api/my?lang=en&ended=1").text.contains("Your session has ended."))

            // Used every 20 minutes, it still ends 4 hours after signing in.
            fixture.clock.now = ServerFixture.now
            let busy = try await signIn(client, store)
            var minutes = 0.0
            while minutes < 240 {
                #expect(try await client.get("/api/my/bookings", headers: [.cookie: busy]).status == .ok)
                minutes += 20
                fixture.clock.now = ServerFixture.now.addingTimeInterval(minutes * 60)
            }
            #expect(try await client.get("/api/my/bookings", headers: [.cookie: busy]).status == .seeOther)
            // No cookie, or a made-up one: the phone form.
            #expect(try await client.get("/api/my/bookings").headers[.location] == "/api/my?lang=fr")
            #expect(try await client.get("/api/my/bookings", headers: [.cookie: "mawid_my=" + BookingToken.generate()]).status == .seeOther)
        }
    }

    @Test func theCodeIsNeverInTheLogsTheReviewOutboxOrTheOutboxOnceSent() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            _ = try await bookThree(client, store)
            try await requestCode(client, "0550 12 34 56")
            let code = try await lastCode(store)
            let admin = try await review.session(client, "admin")
            let outbox = try await client.get("/review/outbox", headers: [.cookie: admin.cookie])
            #expect(outbox.status == .ok)
            #expect(outbox.text.contains("code de connexion (patient)") && outbox.text.contains("••••••"))
            #expect(!outbox.text.contains(code))
            // A doctor's account does not see it at all.
            let amina = try await review.session(client, "amina")
            #expect(!(try await client.get("/review/outbox", headers: [.cookie: amina.cookie])).text.contains("code de connexion"))

            // Sent: the gateway got the code, the outbox keeps it masked.
            let gateway = RecordingChannel()
            let worker = OutboxWorker(store: store, settings: NotificationSettings(), channels: [.sms: gateway])
            try await worker.runOnce(now: fixture.clock.now)
            #expect(gateway.sent.contains { $0.body.contains(code) && $0.recipient == "+213550123456" })
            let sent = try #require(try await codeMessages(store).first)
            #expect(sent.state == .sent && !sent.body.contains(code) && sent.body.contains("••••••"))

            // Not sent in time (no SMS channel): given up when the code expires, and masked.
            try await requestCode(client, "0550 12 34 56")
            let late = try await lastCode(store)
            let idle = OutboxWorker(store: store, settings: NotificationSettings(), channels: [:])
            try await idle.runOnce(now: fixture.clock.now)
            #expect(try await codeMessages(store).last?.state == .held)
            try await idle.runOnce(now: fixture.clock.now.addingTimeInterval(601))
            let expired = try #require(try await codeMessages(store).last)
            #expect(expired.state == .failed && expired.lastError?.contains("too late") == true && !expired.body.contains(late))
            #expect(!fixture.logs.text.contains(code) && !fixture.logs.text.contains(late))
        }
    }

    @Test func arabicPagesAreRightToLeft() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            _ = try await bookThree(client, store)
            let form = try await client.get("/api/my?lang=ar")
            #expect(form.text.contains("<html lang=\"ar\" dir=\"rtl\">") && form.text.contains("مواعيدي"))
            let asked = try await requestCode(client, "0550 12 34 56", lang: "ar")
            #expect(asked.text.contains("dir=\"rtl\"") && asked.text.contains("أدخل الرمز"))
            // The SMS in Arabic; the code typed in Arabic-Indic digits.
            let sms = try #require(try await codeMessages(store).last)
            #expect(sms.language == "ar" && sms.body.hasPrefix("رمز مواعيدك"))
            let code = try await lastCode(store)
            let arabic = String(code.map { Character(Unicode.Scalar(0x0660 + UInt32(String($0))!)!) })
            let signedIn = try await checkCode(client, "0550 12 34 56", arabic, lang: "ar")
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/api/my/bookings?lang=ar")
            let list = try await client.get("/api/my/bookings?lang=ar", headers: [.cookie: try cookie(signedIn)])
            #expect(list.text.contains("<html lang=\"ar\" dir=\"rtl\">") && list.text.contains("أحد الأقارب"))
            #expect(list.text.contains("تسجيل الخروج"))
        }
    }

    @Test func theListShowsPastVisitsAndThePracticesUnreadMessages() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            let today = try await notifications.book(client, store, date: "2026-12-01", time: "09:00")
            let later = try await notifications.book(client, store, date: "2026-12-06", time: "09:00")
            let karim = try await review.session(client, "karim")
            let amina = try await review.session(client, "amina")
            #expect(try await review.post(client, "/review/bookings/\(later.id)/messages", amina, "message=Apportez+vos+analyses").status == .seeOther)
            // Another practice cannot write on it: a 404, nothing leaks.
            #expect(try await review.post(client, "/review/bookings/\(later.id)/messages", karim, "message=x").status == .notFound)
            fixture.clock.now = ServerFixture.now.addingTimeInterval(3 * 3600)  // 11:00: the 09:00 visit is past
            let session = try await signIn(client, store)
            let list = try await client.get("/api/my/bookings?lang=en", headers: [.cookie: session]).text
            let upcoming = try #require(list.range(of: "id=\"my-upcoming-title\""))
            let past = try #require(list.range(of: "id=\"my-past-title\""))
            let first = try #require(list.range(of: "id=\"booking-\(later.id)\""))
            let second = try #require(list.range(of: "id=\"booking-\(today.id)\""))
            #expect(upcoming.lowerBound < first.lowerBound && first.lowerBound < past.lowerBound && past.lowerBound < second.lowerBound)
            #expect(list.contains("<span class=\"badge\">1</span> new message(s) from the practice"))
            // Read on the booking's page: no longer counted.
            let link = try #require(list.firstMatch(of: /href="(\/api\/b\/[A-Za-z0-9_.\-]+\?lang=en)#messages"/)).1
            #expect(try await client.get(String(link)).text.contains("Apportez vos analyses"))
            #expect(!(try await client.get("/api/my/bookings?lang=en", headers: [.cookie: session])).text.contains("class=\"badge\""))
        }
    }

    @Test func theSiteLinksToIt() async throws {
        let fixture = try ServerFixture()
        let home = try String(contentsOfFile: fixture.root + "/site/fr/index.html", encoding: .utf8)
        #expect(home.contains("href=\"/api/my?lang=fr\""))
        let arabic = try String(contentsOfFile: fixture.root + "/site/ar/doctors/amina-benali/index.html", encoding: .utf8)
        #expect(arabic.contains("<a href=\"/api/my?lang=ar\">مواعيدي</a>"))
        try await fixture.test { client, store throws in
            let booking = try await notifications.book(client, store, time: "09:00")
            #expect(try await client.get(booking.page + "?lang=en").text.contains("href=\"/api/my?lang=en\">See all my appointments</a>"))
        }
    }

    @Test func everyAnswerMatchesTheDocument() async throws {
        let fixture = try ServerFixture()
        let openAPI = OpenAPITests()
        try await fixture.test(postsPerMinute: 1000, messages: true) { client, store throws in
            var problems: [String] = []
            func expectMatch(_ response: TestResponse, _ path: String, _ expected: HTTPResponse.Status, method: String = "post") {
                if response.status != expected { problems.append("\(method.uppercased()) \(path): \(response.status.code), expected \(expected.code)") }
                problems += openAPI.check(response, path: path, method: method).map { "\(method.uppercased()) \(path) \(response.status.code): \($0)" }
            }
            _ = try await bookThree(client, store)
            expectMatch(try await client.get("/api/my"), "/my", .ok, method: "get")
            expectMatch(try await client.get("/api/my/bookings"), "/my/bookings", .seeOther, method: "get")
            expectMatch(try await requestCode(client, "0550 12 34 56"), "/my", .ok)
            expectMatch(try await requestCode(client, "12"), "/my", .unprocessableContent)
            expectMatch(try await client.postJSON("/api/my", #"{"phone": ""}"#), "/my", .unprocessableContent)
            expectMatch(try await client.postJSON("/api/my", #"{"phone": ["x"]}"#), "/my", .badRequest)
            expectMatch(try await client.postJSON("/api/my", #"{"phone": "0661 22 33 44", "lang": "en"}"#), "/my", .accepted)
            expectMatch(try await client.execute(uri: "/api/my", method: .post, headers: [.contentType: "text/plain"]), "/my", .unsupportedMediaType)
            expectMatch(try await checkCode(client, "0550 12 34 56", "abc"), "/my/code", .unprocessableContent)
            let wrong = try await lastCode(store) == "000001" ? "000002" : "000001"
            expectMatch(try await client.postJSON("/api/my/code", #"{"phone": "0550 12 34 56", "code": "\#(wrong)"}"#), "/my/code",
                        .unprocessableContent)
            expectMatch(try await client.postJSON("/api/my/code", #"{"phone": "0699 00 00 00", "code": "123456"}"#), "/my/code", .notFound)
            expectMatch(try await checkCode(client, "0699 00 00 00", "123456"), "/my/code", .notFound)
            let code = try await lastCode(store)
            let json = try await client.postJSON("/api/my/code", #"{"phone": "+213550123456", "code": "\#(code)"}"#)
            expectMatch(json, "/my/code", .ok)
            let session = try cookie(json)
            expectMatch(try await client.get("/api/my", headers: [.cookie: session]), "/my", .seeOther, method: "get")
            expectMatch(try await client.get("/api/my/bookings", headers: [.cookie: session]), "/my/bookings", .ok, method: "get")
            expectMatch(try await client.execute(uri: "/api/my/signout", method: .post, headers: [.cookie: session]), "/my/signout", .seeOther)
            try await requestCode(client, "0550 12 34 56")
            expectMatch(try await checkCode(client, "0550 12 34 56", try await lastCode(store)), "/my/code", .seeOther)
            for n in 0..<12 { _ = try await requestCode(client, "0770 00 00 \(10 + n)") }
            expectMatch(try await requestCode(client, "0770 00 00 99"), "/my", .tooManyRequests)
            expectMatch(try await client.postJSON("/api/my", #"{"phone": "0770 00 00 98"}"#), "/my", .tooManyRequests)
            #expect(problems.isEmpty, "\(problems)")
        }
    }
}

/// An SMS gateway that keeps what it is given.
final class RecordingChannel: MessageChannel, @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [OutgoingMessage] = []
    var sent: [OutgoingMessage] { lock.withLock { messages } }
    func send(_ message: OutgoingMessage) async throws { lock.withLock { messages.append(message) } }
}
