import Foundation
import Testing
import UBJSON

/// JSON escaping and UTF-8 handling of strings and keys.
@Suite struct StringTests {
    func json(_ bytes: [UInt8]) throws -> String { try UBJSON.jsonText(from: bytes) }

    @Test func escapesQuotesBackslashesAndControlCharacters() throws {
        #expect(try json(UBJ.string("a\"b\\c")) == #""a\"b\\c""#)
        #expect(try json(UBJ.string("\n\r\t\u{8}\u{C}")) == #""\n\r\t\b\f""#)
        #expect(try json(UBJ.string("\u{0}\u{1}\u{1F}")) == #""\u0000\u0001\u001f""#)
        #expect(try json(UBJ.string("/\u{7F} ~")) == "\"/\u{7F} ~\"")
    }

    @Test func everyControlCharacterRoundTripsThroughJSONSerialization() throws {
        let text = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\"\\ end"
        let out = try json(UBJ.ascii("[") + UBJ.string(text) + UBJ.ascii("]"))
        let parsed = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String]
        #expect(parsed == [text])
    }

    @Test func keepsUTF8Unchanged() throws {
        let text = "höhe 名前 😀 Ω"
        #expect(try json(UBJ.string(text)) == "\"\(text)\"")
        let out = try json(UBJ.ascii("{") + UBJ.key(text) + UBJ.string(text) + UBJ.ascii("}"))
        #expect(out == "{\"\(text)\":\"\(text)\"}")
        let parsed = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: String]
        #expect(parsed == [text: text])
    }

    @Test func escapesKeys() throws {
        let out = try json(UBJ.ascii("{") + UBJ.key("a\"\n") + UBJ.ascii("Z}"))
        #expect(out == #"{"a\"\n":null}"#)
    }

    @Test func acceptsBoundaryCodePoints() throws {
        for scalar in ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"] {
            #expect(try json(UBJ.string(scalar)) == "\"\(scalar)\"")
        }
    }

    /// Malformed UTF-8 is refused (with the offset of the bad byte) rather
    /// than silently replaced, so feature names are never mangled.
    @Test(
        arguments: [
            ([0x80], 0),  // stray continuation byte
            ([0xC0, 0x80], 0),  // overlong NUL
            ([0xC1, 0xBF], 0),  // overlong
            ([0xE0, 0x80, 0x80], 1),  // overlong 3-byte
            ([0xED, 0xA0, 0x80], 1),  // UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], 1),  // above U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], 0),  // invalid lead
            ([0xFF], 0),
            ([0x61, 0xE2, 0x82], 1),  // cut off by end of string
            ([0xE2, 0x28, 0xA1], 1),  // bad continuation
            ([0xF0, 0x9F, 0x98, 0x41], 3),  // bad last continuation
        ] as [([UInt8], Int)])
    func rejectsMalformedUTF8(payload: [UInt8], badIndex: Int) throws {
        let bytes = UBJ.string(bytes: payload)  // 'S' 'U' len, then payload at offset 3
        let error = #expect(throws: UBJSONError.self) { try UBJSON.jsonText(from: bytes) }
        #expect(error?.offset == 3 + badIndex)
        #expect(error?.message.contains("UTF-8") == true)
    }

    @Test func rejectsMalformedUTF8InKeys() throws {
        let bytes = UBJ.ascii("{") + UBJ.u8(1) + [0xC3] + UBJ.ascii("Z}")
        let error = #expect(throws: UBJSONError.self) { try UBJSON.jsonText(from: bytes) }
        #expect(error?.offset == 3)
    }

    @Test func rejectsNonASCIIChar() throws {
        let error = #expect(throws: UBJSONError.self) { try UBJSON.jsonText(from: [UInt8(ascii: "C"), 0xC3]) }
        #expect(error?.offset == 1)
    }
}
