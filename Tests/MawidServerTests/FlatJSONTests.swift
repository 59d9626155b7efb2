import Foundation
import Testing
@testable import MawidServer

/// The JSON reader of booking and contact bodies, checked against Foundation's parser.
@Suite struct FlatJSONTests {
    func fields(_ text: String) throws -> [String: String] { try FlatJSON.fields(Array(text.utf8)) }

    /// What the previous reader (JSONSerialization) made of the same text.
    func foundation(_ text: String) throws -> [String: String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var fields: [String: String] = [:]
        for (key, value) in object {
            if let string = value as? String { fields[key] = string }
        }
        return fields
    }

    @Test(arguments: [
        #"{"doctor": "amina-haddad", "date": "2026-12-01", "time": "09:30", "consent": "on"}"#,
        #"  {"name":"Karim \"le grand\" Benali","reason":"a\\b\/c\n\t\r\b\f"}  "#,
        #"{"name": "\u0643\u0631\u064a\u0645 \ud83d\ude00", "lang": "ar"}"#,
        #"{"name": "كريم بن علي — ok", "empty": ""}"#,
        #"{}"#,
    ])
    func stringsReadAsFoundationReadsThem(text: String) throws {
        #expect(try fields(text) == foundation(text))
    }

    @Test func scalarsBecomeText() throws {
        let read = try fields(#"{"consent": true, "no": false, "n": -12.5e+3, "z": 0, "gone": null, "name": "x"}"#)
        #expect(read == ["consent": "1", "no": "0", "n": "-12.5e+3", "z": "0", "name": "x"])
    }

    @Test(arguments: ["", "{", "[1, 2]", "\"text\"", #"{"a": "b",}"#, #"{"a" "b"}"#, #"{"a": 01}"#, #"{"a": tru}"#,
                      #"{"a": "b"} x"#, "{\"a\": \"line\nbreak\"}", #"{"a": "\ud800"}"#, #"{"a": "\x"}"#, #"{a: "b"}"#])
    func malformedBodiesAreNotObjects(text: String) {
        #expect(throws: FlatJSON.Failure.notAnObject) { try fields(text) }
    }

    @Test func nestedValuesNameTheirField() {
        #expect(throws: FlatJSON.Failure.notText(key: "slots")) { try fields(#"{"doctor": "a", "slots": ["x"]}"#) }
        #expect(throws: FlatJSON.Failure.notText(key: "who")) { try fields(#"{"who": {"name": "x"}}"#) }
    }
}
