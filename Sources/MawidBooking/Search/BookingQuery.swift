import Foundation
import MawidSite

/// What someone typed in the office's search box, understood as a booking reference, a phone number or a
/// part of a name.
public enum BookingQuery: Equatable, Sendable {
    /// `K7M4-XQ2P` in canonical form (typed in any case, with or without the dash); when no booking has it,
    /// it is looked for as a name too.
    case reference(String, name: String)
    /// Digits to find within the stored number: the whole national number for `0555 12 34 56`,
    /// `+213555123456` or `00213555123456` (`213555123456`), or the digits typed of a part of one.
    case phone(String)
    /// A part of the patient's or the relative's name, folded (`SearchText`).
    case name(String)
    /// Too short to search (fewer than `minimumLength` letters, or fewer than 4 digits).
    case tooShort

    public static let minimumLength = 3

    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // `%` and `_` are LIKE's wildcards and `\` its escape: never part of a name or number.
        let folded = SearchText.folded(trimmed).filter { !"%_\\".contains($0) }
        if let reference = BookingReference.normalized(trimmed) {
            self = .reference(reference, name: folded)
            return
        }
        let phoneCharacters = Set("0123456789+ .-()/")
        if !trimmed.isEmpty, trimmed.allSatisfy(phoneCharacters.contains), trimmed.contains(where: \.isASCIIDigit) {
            let digits: String
            if let number = PhoneNumber.normalized(trimmed) {
                digits = String(number.dropFirst())
            } else {
                var typed = trimmed.filter(\.isASCIIDigit)
                if typed.hasPrefix("00") { typed.removeFirst(2) } else if typed.hasPrefix("0") { typed.removeFirst() }
                digits = typed
            }
            self = digits.count >= 4 ? .phone(digits) : .tooShort
            return
        }
        self = folded.count >= Self.minimumLength ? .name(folded) : .tooShort
    }
}
