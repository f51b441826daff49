import Foundation
import TabularData
import Testing

/// The reader's number parsing must agree bit for bit with `Float(String)` (correct rounding).
@Suite struct NumberParsingTests {
    /// Parses each text as a cell of a one-column CSV.
    func parse(_ texts: [String]) throws -> [Float] {
        let csv = "x\n" + texts.map { $0 + "\n" }.joined()
        let result = try CSVReader.read(bytes: Array(csv.utf8), name: "numbers.csv")
        return try #require(result.dataset.columns.first)
    }

    /// Checks every text against `Float(text)`, reporting the first few mismatches.
    func expectAgreement(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parsed = try parse(texts)
        #expect(parsed.count == texts.count, sourceLocation: sourceLocation)
        var mismatches: [String] = []
        for (text, value) in zip(texts, parsed) {
            let expected = try #require(Float(text), "Float(\"\(text)\")", sourceLocation: sourceLocation)
            if expected.bitPattern != value.bitPattern, mismatches.count < 5 {
                mismatches.append("\(text): got \(value), expected \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)", sourceLocation: sourceLocation)
    }

    @Test func edgeCasesRoundCorrectly() throws {
        try expectAgreement([
            "0", "-0", "0.0", "1", "-1", "+5", ".5", "5.", "0.1", "0.2", "0.3", "1e5", "1E+05", "2.5e-3",
            "1e-45", "1.4e-45", "7e-46", "8e-46", "1e-46", "1.17549435e-38", "1.1754942e-38",
            "3.4028235e38", "3.40282346e38", "3.4028236e38", "1e39", "-1e39",
            "123456789012345678901234", "1234567890123456789", "12345678901234567890",
            "9007199254740993", "16777217", "16777216.5", "33554435",
            "1.000000059604644775390625", "1.00000005960464477539062500001", "1.0000000596046447753906249999",
            "0.000000000000000000000000000000000000000000001", "1e-400", "1e400", "0e999999999",
            "4.9406564584124654e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
            "3.14159265358979323846264338327950288", "2.718281828459045", "0.30000001192092896",
            "100000000000000000000000", "1e22", "1e23", "9999999999999999999", "0.0000001", "1e-7",
        ])
        let special = try parse(["0e999999999", "-0"])
        #expect(special[0] == 0)
        #expect(special[1].sign == .minus)
    }

    @Test func randomFloatsRoundTripThroughTheirShortestText() throws {
        var rng = SeededGenerator(seed: 1)
        var texts: [String] = []
        while texts.count < 20_000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            if value.isFinite { texts.append(value.description) }
        }
        try expectAgreement(texts)
    }

    @Test func randomDoublesAtSeventeenDigitsRoundLikeFloatString() throws {
        // Long decimals near Float rounding midpoints exercise the double-rounding guard.
        var rng = SeededGenerator(seed: 2)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let float = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x7F7F_FFFF)
            let next = float.nextUp
            guard float.isFinite, next.isFinite else { continue }
            let fraction = Double(rng.next() % 1_000) / 1_000
            let between = Double(float) + (Double(next) - Double(float)) * (rng.next() % 4 == 0 ? 0.5 : fraction)
            texts.append(String(format: "%.17g", between))
        }
        try expectAgreement(texts)
    }

    @Test func randomShortDecimalsAndExponents() throws {
        var rng = SeededGenerator(seed: 3)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let digits = 1 + Int(rng.next() % 12)
            var mantissa = String(rng.next() % 1_000_000_000_000)
            mantissa = String(mantissa.prefix(digits))
            let point = Int(rng.next() % UInt64(mantissa.count + 1))
            var text = mantissa
            text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            if rng.next() % 3 == 0 { text += "e\(Int(rng.next() % 60) - 30)" }
            if rng.next() % 2 == 0 { text = "-" + text }
            if text.hasPrefix(".e") || text.hasPrefix("-.e") || text == "." || text == "-." { continue }
            texts.append(text)
        }
        try expectAgreement(texts)
    }

    @Test func numbersMayBeSurroundedBySpacesAndQuotes() throws {
        #expect(try parse(["  42  ", "\t-7.5", "\" 3e1 \""]) == [42, -7.5, 30])
    }

    @Test func partialNumbersAreNotNumbers() throws {
        for text in ["1 5", "1e", "1e+", "1.2.3", "--1", "0x10", "e5", "+", "-", "."] {
            let csv = "x\n\(text)\n"
            #expect(throws: DatasetError.self, "\(text)") {
                try CSVReader.read(bytes: Array(csv.utf8), name: "m")
            }
        }
    }
}

/// A small seeded generator for reproducible test inputs (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
