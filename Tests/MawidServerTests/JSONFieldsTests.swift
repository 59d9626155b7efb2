import Foundation
import Testing
@testable import MawidServer

/// The JSON reader of booking and contact bodies (Foundation's `JSONDecoder`).
@Suite struct JSONFieldsTests {
    func fields(_ text: String) throws -> [String: String] { try JSONFields.read(Array(text.utf8)) }

    @Test func stringsAreReadWithTheirEscapes() throws {
        #expect(try fields(#"{"doctor": "amina-haddad", "date": "2026-12-01", "time": "09:30", "consent": "on"}"#)
                == ["doctor": "amina-haddad", "date": "2026-12-01", "time": "09:30", "consent": "on"])
        #expect(try fields(#"  {"name":"Karim \"le grand\" Benali","reason":"a\\b\/c\n\t"}  "#)
                == ["name": "Karim \"le grand\" Benali", "reason": "a\\b/c\n\t"])
        #expect(try fields(#"{"name": "\u0643\u0631\u064a\u0645 \ud83d\ude00", "lang": "ar"}"#) == ["name": "كريم 😀", "lang": "ar"])
        #expect(try fields(#"{}"#).isEmpty)
    }

    @Test func scalarsBecomeText() throws {
        let read = try fields(#"{"consent": true, "no": false, "n": -12.5e+3, "f": 1.5, "z": 0, "phone": 550123456, "gone": null, "name": "x"}"#)
        #expect(read == ["consent": "1", "no": "0", "n": "-12500", "f": "1.5", "z": "0", "phone": "550123456", "name": "x"])
    }

    @Test(arguments: ["", "{", "[1, 2]", "\"text\"", #"{"a" "b"}"#, #"{"a": tru}"#, #"{"a": "b"} x"#, #"{a: "b"}"#])
    func malformedBodiesAreNotObjects(text: String) {
        #expect(throws: JSONFields.Failure.notAnObject) { try fields(text) }
    }

    @Test func nestedValuesNameTheirField() {
        #expect(throws: JSONFields.Failure.notText(key: "slots")) { try fields(#"{"doctor": "a", "slots": ["x"]}"#) }
        #expect(throws: JSONFields.Failure.notText(key: "who")) { try fields(#"{"who": {"name": "x"}}"#) }
    }
}
