import Foundation
import Testing
import UBJSON

/// One test per scalar type marker, checking the exact JSON text.
@Suite struct ScalarMarkerTests {
    func json(_ bytes: [UInt8]) throws -> String { try UBJSON.jsonText(from: bytes) }

    @Test func nullTrueFalse() throws {
        #expect(try json(UBJ.ascii("Z")) == "null")
        #expect(try json(UBJ.ascii("T")) == "true")
        #expect(try json(UBJ.ascii("F")) == "false")
    }

    @Test func noOpIsSkipped() throws {
        #expect(try json(UBJ.ascii("NNZ")) == "null")
        #expect(try json(UBJ.ascii("[N") + UBJ.i8(1) + UBJ.ascii("NN") + UBJ.i8(2) + UBJ.ascii("N]")) == "[1,2]")
        #expect(try json(UBJ.ascii("{N") + UBJ.key("a") + UBJ.ascii("NT}")) == #"{"a":true}"#)
    }

    @Test func int8() throws {
        #expect(try json(UBJ.i8(0)) == "0")
        #expect(try json(UBJ.i8(-128)) == "-128")
        #expect(try json(UBJ.i8(127)) == "127")
        #expect(try json([UInt8(ascii: "i"), 0xFF]) == "-1")
    }

    @Test func uint8() throws {
        #expect(try json(UBJ.u8(255)) == "255")
        #expect(try json(UBJ.u8(7)) == "7")
    }

    @Test func int16BigEndian() throws {
        #expect(try json([UInt8(ascii: "I"), 0x12, 0x34]) == "4660")
        #expect(try json(UBJ.i16(.min)) == "-32768")
        #expect(try json(UBJ.i16(.max)) == "32767")
    }

    @Test func int32BigEndian() throws {
        #expect(try json([UInt8(ascii: "l"), 0x01, 0x02, 0x03, 0x04]) == "16909060")
        #expect(try json(UBJ.i32(.min)) == "-2147483648")
        #expect(try json(UBJ.i32(2_147_483_647)) == "2147483647")
    }

    @Test func int64BigEndian() throws {
        #expect(try json([UInt8(ascii: "L"), 0, 0, 0, 1, 0, 0, 0, 0]) == "4294967296")
        #expect(try json(UBJ.i64(.min)) == "-9223372036854775808")
        #expect(try json(UBJ.i64(.max)) == "9223372036854775807")
        #expect(try json(UBJ.i64(-10)) == "-10")
    }

    @Test(arguments: [
        Float(0.1), 1.5, -2.75, 0, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 0.3366869, 16_777_216, 1e-5, 123456.79,
    ])
    func float32RoundTrips(value: Float) throws {
        let text = try json(UBJ.f32(value))
        #expect(Float(text) == value, "\(text)")
        #expect(text == value.description)
    }

    @Test func float32BigEndianAndShortest() throws {
        #expect(try json([UInt8(ascii: "d"), 0x3F, 0xC0, 0x00, 0x00]) == "1.5")
        #expect(try json(UBJ.f32(0.1)) == "0.1")  // not 0.10000000149011612
        #expect(try json(UBJ.f32(-0.0)) == "-0.0")
    }

    @Test(arguments: [0.1, -1.0e300, .leastNonzeroMagnitude, Double.pi, 0.30000000000000004])
    func float64RoundTrips(value: Double) throws {
        let text = try json(UBJ.f64(value))
        #expect(Double(text) == value, "\(text)")
    }

    @Test func float64BigEndian() throws {
        #expect(try json([UInt8(ascii: "D"), 0x3F, 0xF8, 0, 0, 0, 0, 0, 0]) == "1.5")
    }

    /// XGBoost 3.2's JSON writer emits NaN/Infinity/-Infinity as bare tokens
    /// (sign of NaN dropped); the converter does the same for both widths.
    @Test func nonFiniteFloats() throws {
        #expect(try json(UBJ.f32(.nan)) == "NaN")
        #expect(try json(UBJ.ascii("d") + [0xFF, 0xC0, 0, 0]) == "NaN")  // negative NaN
        #expect(try json(UBJ.f32(.infinity)) == "Infinity")
        #expect(try json(UBJ.f32(-.infinity)) == "-Infinity")
        #expect(try json(UBJ.f64(.nan)) == "NaN")
        #expect(try json(UBJ.f64(.infinity)) == "Infinity")
        #expect(try json(UBJ.f64(-.infinity)) == "-Infinity")
    }

    /// Every finite float must come out as a valid JSON number that parses
    /// back to the identical Float32 (checked on many random bit patterns).
    @Test func randomFloat32BitPatternsAreValidJSONAndRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Float] = []
        while values.count < 20_000 {
            let f = Float(bitPattern: generator.next())
            if f.isFinite { values.append(f) }
        }
        var bytes = UBJ.ascii("[$d#") + UBJ.length(values.count)
        for v in values { bytes += UBJ.be(v.bitPattern) }
        let text = try UBJSON.jsonText(from: bytes)
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber])
        #expect(parsed.count == values.count)
        let misparsed = zip(parsed, values).filter { Float($0.doubleValue) != $1 }
        #expect(misparsed.isEmpty, "\(misparsed.count) values changed, first: \(String(describing: misparsed.first))")
        // Also check the shortest-text property against Swift's own formatter.
        let pieces = text.dropFirst().dropLast().split(separator: ",")
        #expect(pieces.count == values.count)
        let longer = zip(pieces, values).filter { Float(String($0)) != $1 || $0 != $1.description }
        #expect(longer.isEmpty, "\(longer.count) values not shortest, first: \(String(describing: longer.first))")
    }

    @Test func char() throws {
        #expect(try json(UBJ.ascii("Ca")) == #""a""#)
        #expect(try json(UBJ.ascii("C\"")) == #""\"""#)
        #expect(try json(UBJ.ascii("C") + [0x0A]) == #""\n""#)
    }

    @Test func string() throws {
        #expect(try json(UBJ.string("hello")) == #""hello""#)
        #expect(try json(UBJ.ascii("S") + UBJ.u8(0)) == #""""#)
        #expect(try json(UBJ.ascii("S") + UBJ.i8(2) + UBJ.ascii("ab")) == #""ab""#)
        #expect(try json(UBJ.ascii("S") + UBJ.i16(3) + UBJ.ascii("abc")) == #""abc""#)
        #expect(try json(UBJ.ascii("S") + UBJ.i32(1) + UBJ.ascii("z")) == #""z""#)
    }

    @Test(arguments: ["0", "-0", "3.14159265358979323846264338327950288", "-1e+400", "12345678901234567890123", "1E-7", "0.5e3"])
    func highPrecisionNumberIsCopiedVerbatim(number: String) throws {
        let bytes = UBJ.ascii("H") + UBJ.u8(UInt8(number.utf8.count)) + UBJ.ascii(number)
        #expect(try json(bytes) == number)
        #expect(try json(UBJ.ascii("[") + bytes + UBJ.ascii("]")) == "[\(number)]")
    }
}
