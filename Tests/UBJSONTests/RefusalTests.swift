import Foundation
import Testing
import UBJSON

/// Every way a document can be refused: each must throw a `UBJSONError`
/// with a useful offset, never crash, and never allocate for a lying length.
@Suite struct RefusalTests {
    func refusal(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> UBJSONError? {
        #expect(throws: UBJSONError.self, sourceLocation: sourceLocation) { try UBJSON.jsonText(from: bytes) }
    }

    /// A document using every marker and container form.
    static let richDocument: [UInt8] =
        UBJ.ascii("{")
        + UBJ.key("ints") + UBJ.ascii("[") + UBJ.i8(-1) + UBJ.u8(200) + UBJ.i16(-300) + UBJ.i32(70000) + UBJ.i64(1 << 40) + UBJ.ascii("]")
        + UBJ.key("floats") + UBJ.ascii("[#") + UBJ.u8(2) + UBJ.f32(0.5) + UBJ.f64(-2.25)
        + UBJ.key("typed") + UBJ.ascii("[$d#") + UBJ.length(2) + UBJ.be(Float(1).bitPattern) + UBJ.be(Float(2).bitPattern)
        + UBJ.key("ints32") + UBJ.ascii("[$l#") + UBJ.length(1) + UBJ.be(Int32(-7))
        + UBJ.key("nested") + UBJ.ascii("[$[#") + UBJ.u8(1) + UBJ.ascii("$U#") + UBJ.u8(1) + [9]
        + UBJ.key("obj") + UBJ.ascii("{$S#") + UBJ.u8(1) + UBJ.key("k") + UBJ.key("v")
        + UBJ.key("misc") + UBJ.ascii("[ZTFN") + UBJ.ascii("Cx") + UBJ.ascii("H") + UBJ.u8(3) + UBJ.ascii("1e9")
        + UBJ.string("héllo\n") + UBJ.ascii("]")
        + UBJ.key("counted") + UBJ.ascii("{#") + UBJ.u8(1) + UBJ.key("z") + UBJ.ascii("Z")
        + UBJ.ascii("}")

    @Test func richDocumentConverts() throws {
        let text = try UBJSON.jsonText(from: Self.richDocument)
        #expect(
            text
                == #"{"ints":[-1,200,-300,70000,1099511627776],"floats":[0.5,-2.25],"typed":[1.0,2.0],"ints32":[-7],"nested":[[9]],"obj":{"k":"v"},"misc":[null,true,false,"x",1e9,"héllo\n"],"counted":{"z":null}}"#
        )
    }

    /// Cutting the document anywhere must throw, never crash or succeed.
    @Test func everyTruncationOfRichDocumentThrows() {
        let bytes = Self.richDocument
        for length in 0..<bytes.count {
            let error = refusal(Array(bytes[0..<length]))
            #expect(error.map { $0.offset <= length } == true, "prefix \(length): \(String(describing: error))")
        }
    }

    /// The same for a real XGBoost model: every prefix throws.
    @Test func everyTruncationOfRealModelThrows() throws {
        let url = GoldenTests.fixtureDirectory.appendingPathComponent("dense_binary.ubj")
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(throws: Never.self) { try UBJSON.jsonText(from: bytes) }
        for length in 0..<bytes.count {
            let prefix = Array(bytes[0..<length])
            do {
                _ = try UBJSON.jsonText(from: prefix)
                Issue.record("prefix of length \(length) was accepted")
            } catch {
                if !error.message.contains("end of input") && !error.message.contains("too large") && !error.message.contains("exceeds") {
                    Issue.record("prefix \(length): unexpected error \(error)")
                }
            }
        }
    }

    @Test func emptyInput() {
        let error = refusal([])
        #expect(error?.offset == 0)
        #expect(error?.message.contains("end of input") == true)
    }

    @Test func truncatedScalars() {
        #expect(refusal(UBJ.ascii("d") + [0x3F, 0xC0])?.offset == 1)
        #expect(refusal(UBJ.ascii("L") + [0, 0, 0])?.offset == 1)
        #expect(refusal(UBJ.ascii("S"))?.offset == 1)
        // A typed array cut short is caught by the count check, at the count.
        let shortTyped = refusal(UBJ.ascii("[$l#") + UBJ.u8(2) + UBJ.be(Int32(1)) + [0, 0])
        #expect(shortTyped?.offset == 4)
        #expect(shortTyped?.message.contains("too large") == true)
        #expect(refusal(UBJ.ascii("[#") + UBJ.u8(2) + UBJ.i32(1) + UBJ.ascii("l") + [0, 0])?.offset == 10)
    }

    @Test func unknownMarkers() {
        let top = refusal(UBJ.ascii("X"))
        #expect(top?.offset == 0)
        #expect(top?.message.contains("unknown type marker 'X'") == true)
        #expect(refusal(UBJ.ascii("[") + UBJ.i8(1) + UBJ.ascii("q]"))?.offset == 3)
        #expect(refusal([0x00])?.offset == 0)
        #expect(refusal([0xFF])?.offset == 0)
        // No marker may start a value where a closing or header marker is.
        #expect(refusal(UBJ.ascii("]"))?.offset == 0)
        #expect(refusal(UBJ.ascii("#"))?.offset == 0)
        #expect(refusal(UBJ.ascii("$"))?.offset == 0)
    }

    @Test func mismatchedClosingMarkers() {
        #expect(refusal(UBJ.ascii("[}"))?.offset == 1)
        #expect(refusal(UBJ.ascii("{]"))?.offset == 1)  // ']' is not a key length
        #expect(refusal(UBJ.ascii("[]]"))?.offset == 2)  // trailing
    }

    @Test func badTypedContainerHeaders() {
        #expect(refusal(UBJ.ascii("[$X#") + UBJ.u8(1))?.message.contains("invalid element type") == true)
        #expect(refusal(UBJ.ascii("[$N#") + UBJ.u8(1))?.offset == 2)  // no-op is not a type
        #expect(refusal(UBJ.ascii("[$]#") + UBJ.u8(1))?.offset == 2)
        let missingCount = refusal(UBJ.ascii("[$d") + UBJ.f32(1) + UBJ.ascii("]"))
        #expect(missingCount?.offset == 3)
        #expect(missingCount?.message.contains("count") == true)
        #expect(refusal(UBJ.ascii("[#d") + UBJ.be(Float(1).bitPattern))?.offset == 2)  // count must be an integer
    }

    @Test func badLengths() {
        // Length marker that is not an integer.
        #expect(refusal(UBJ.ascii("SZ"))?.offset == 1)
        #expect(refusal(UBJ.ascii("Sd") + UBJ.be(Float(1).bitPattern))?.offset == 1)
        // Object key written with an 'S' marker (not UBJSON).
        #expect(refusal(UBJ.ascii("{") + UBJ.string("k") + UBJ.ascii("Z}"))?.offset == 1)
        // Negative lengths and counts.
        let negativeString = refusal(UBJ.ascii("S") + UBJ.i8(-1) + UBJ.ascii("x"))
        #expect(negativeString?.offset == 1)
        #expect(negativeString?.message.contains("negative") == true)
        #expect(refusal(UBJ.ascii("{") + UBJ.i8(-3) + UBJ.ascii("abcZ}"))?.message.contains("negative") == true)
        #expect(refusal(UBJ.ascii("[#") + UBJ.i64(-1))?.message.contains("negative") == true)
        #expect(refusal(UBJ.ascii("[$d#") + UBJ.i32(.min))?.offset == 4)
        // Length longer than the input.
        #expect(refusal(UBJ.ascii("S") + UBJ.u8(5) + UBJ.ascii("abc"))?.message.contains("exceeds") == true)
    }

    /// Counts and lengths claiming more data than the input holds fail at
    /// once, before any allocation or output proportional to the claim.
    @Test func hugeDeclaredCounts() {
        let huge = UBJ.i64(.max)
        for header in ["[$d#", "[$l#", "[$U#", "[$S#", "[$[#", "[#", "{#", "{$d#", "{$Z#", "[$Z#", "[$T#"] {
            let error = refusal(UBJ.ascii(header) + huge + [0, 0, 0, 0])
            #expect(error?.offset == header.utf8.count, "\(header)")
            #expect(error?.message.contains("too large") == true, "\(header)")
        }
        #expect(refusal(UBJ.ascii("S") + huge)?.offset == 1)
        #expect(refusal(UBJ.ascii("H") + huge)?.offset == 1)
        #expect(refusal(UBJ.ascii("{") + huge + UBJ.ascii("Z}"))?.offset == 1)
        // One more element than the bytes allow.
        #expect(refusal(UBJ.ascii("[$d#") + UBJ.u8(3) + [UInt8](repeating: 0, count: 11)) != nil)
        #expect(throws: Never.self) { try UBJSON.jsonText(from: UBJ.ascii("[$d#") + UBJ.u8(3) + [UInt8](repeating: 0, count: 12)) }
    }

    /// `[$Z#n` occupies no bytes per element, so n is bounded by a budget of
    /// one payload-free value per input byte across the whole document.
    @Test func payloadFreeTypedArraysAreBounded() throws {
        let nested = UBJ.ascii("[$[#") + UBJ.u8(200) + Array(repeating: UBJ.ascii("$Z#") + UBJ.u8(255), count: 200).flatMap { $0 }
        #expect(refusal(nested)?.message.contains("too large") == true)
        let small = UBJ.ascii("[$[#") + UBJ.u8(2) + Array(repeating: UBJ.ascii("$Z#") + UBJ.u8(4), count: 2).flatMap { $0 }
        #expect(try UBJSON.jsonText(from: small) == "[[null,null,null,null],[null,null,null,null]]")
    }

    @Test func depthBomb() {
        let limit = UBJSON.maximumNestingDepth
        let tooDeep = [UInt8](repeating: UInt8(ascii: "["), count: limit + 1) + [UInt8](repeating: UInt8(ascii: "]"), count: limit + 1)
        let error = refusal(tooDeep)
        #expect(error?.offset == limit)
        #expect(error?.message.contains("nested deeper") == true)
        // A million opening brackets fail fast at the limit, not at the end.
        #expect(refusal([UInt8](repeating: UInt8(ascii: "["), count: 1_000_000))?.offset == limit)
        #expect(refusal(Array(repeating: UBJ.ascii("{") + UBJ.key("k"), count: 100_000).flatMap { $0 })?.message.contains("nested deeper") == true)
        // Typed containers of containers count towards depth too.
        let typedBomb = Array(repeating: UBJ.ascii("[$[#") + UBJ.u8(1), count: limit + 1).flatMap { $0 }
        #expect(refusal(typedBomb)?.message.contains("nested deeper") == true)
    }

    @Test func trailingBytes() {
        let error = refusal(UBJ.ascii("ZZ"))
        #expect(error?.offset == 1)
        #expect(error?.message.contains("trailing") == true)
        #expect(refusal(UBJ.ascii("[]N"))?.offset == 2)
        #expect(refusal(UBJ.ascii("[#") + UBJ.u8(1) + UBJ.i8(1) + UBJ.i8(2))?.offset == 6)
    }

    @Test(arguments: ["", "-", "+1", "01", "1.", ".5", "1e", "1e+", "abc", "1,2", "1 ", "NaN", "0x10", "1]"])
    func invalidHighPrecisionNumbers(text: String) {
        let error = refusal(UBJ.ascii("H") + UBJ.u8(UInt8(text.utf8.count)) + UBJ.ascii(text))
        #expect(error?.offset == 1)
        #expect(error?.message.contains("high-precision") == true)
    }

    @Test func errorDescriptionNamesMessageAndOffset() {
        let error = UBJSONError(message: "unknown type marker 'X' (0x58)", offset: 42)
        #expect(error.description.contains("unknown type marker 'X' (0x58)"))
        #expect(error.description.contains("42"))
        #expect(error == UBJSONError(message: "unknown type marker 'X' (0x58)", offset: 42))
        #expect(error != UBJSONError(message: "unknown type marker 'X' (0x58)", offset: 41))
    }
}
