import Foundation

/// The members of a JSON object whose values are strings, numbers, booleans or null (what the booking and contact
/// APIs accept), as text fields, read by Foundation's `JSONDecoder`.
///
/// Numbers become their decimal text (`12`, `-12.5e3` as `-12500`, `1.5`), `true` and `false` become "1" and "0", null members are
/// left out. Any other value is refused, naming its key.
struct JSONFields: Decodable {
    enum Failure: Error, Equatable {
        /// Not JSON, or JSON but not an object.
        case notAnObject
        /// The member with this key is an array or an object.
        case notText(key: String)
    }

    let fields: [String: String]

    /// The members of the object in `bytes`.
    static func read(_ bytes: [UInt8]) throws(Failure) -> [String: String] {
        do {
            return try decoder.decode(JSONFields.self, from: Data(bytes)).fields
        } catch let error as DecodingError {
            if case .typeMismatch(_, let context) = error, let key = context.codingPath.first?.stringValue {
                throw .notText(key: key)
            }
            throw .notAnObject
        } catch {
            throw .notAnObject
        }
    }

    private static let decoder = JSONDecoder()

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: Key.self)
        var fields: [String: String] = [:]
        for key in object.allKeys {
            // Strings first: nearly every member is one.
            if let text = try? object.decode(String.self, forKey: key) {
                fields[key.stringValue] = text
            } else if try object.decodeNil(forKey: key) {
                continue
            } else if let flag = try? object.decode(Bool.self, forKey: key) {
                fields[key.stringValue] = flag ? "1" : "0"
            } else if let whole = try? object.decode(Int64.self, forKey: key) {
                fields[key.stringValue] = String(whole)
            } else if let number = try? object.decode(Double.self, forKey: key) {
                fields[key.stringValue] = String(number)
            } else {
                throw DecodingError.typeMismatch(String.self, .init(codingPath: [key], debugDescription: "not a scalar"))
            }
        }
        self.fields = fields
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
