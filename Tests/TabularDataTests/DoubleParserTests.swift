import Testing

@testable import TabularData

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `DoubleParser` must agree bit for bit with the C library's `strtod`, value and extent.
@Suite struct DoubleParserTests {
    /// The parser's and `strtod`'s reading of `text` (ASCII, no NUL): value bits and the count of
    /// bytes consumed (0 when no number starts the text).
    static func bothReadings(_ text: UnsafeBufferPointer<UInt8>) -> (ours: (UInt64, Int), strtod: (UInt64, Int)) {
        let base = text.baseAddress!
        let ours = DoubleParser.parse(base, from: 0, to: text.count).map { ($0.value.bitPattern, $0.end) } ?? (0, 0)
        let theirs = withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer -> (UInt64, Int) in
            for i in 0..<text.count { buffer[i] = CChar(bitPattern: text[i]) }
            buffer[text.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buffer.baseAddress!, &end)
            let consumed = end.map { $0 - buffer.baseAddress! } ?? 0
            return consumed == 0 ? (0, 0) : (value.bitPattern, consumed)
        }
        return (ours, theirs)
    }

    /// Checks every text, reporting the first few disagreements.
    static func expectAgreement(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        var mismatches: [String] = []
        for text in texts {
            let bytes = Array(text.utf8)
            let (ours, theirs) = bytes.withUnsafeBufferPointer { bothReadings($0) }
            if ours != theirs, mismatches.count < 5 { mismatches.append("\(text): \(ours) vs strtod \(theirs)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)", sourceLocation: sourceLocation)
    }

    @Test func edgeCases() {
        Self.expectAgreement([
            "0", "-0", "+0", "0.0", "-0.000", "00000", ".0", "0.", "1", "-1", "+5", ".5", "-.5", "+.5", "5.",
            "0.1", "0.2", "0.3", "1e5", "1E+05", "2.5e-3", "1e", "1e+", "1e-", "1.5x", "-", "+", ".", "-.", "e5",
            "..5", "1..5", "1e-300", "1e308", "1e309", "-1e400", "4.9406564584124654e-324", "1e-400",
            "2.2250738585072014e-308", "1.7976931348623157e308", "9007199254740992", "9007199254740993",
            "9007199254740995", "18014398509481986", "18014398509481990", "4503599627370496.5",
            "4503599627370497.5", "9999999999999999999", "10000000000000000000", "12345678901234567890",
            "0.30000000000000004", "0.1000000000000000055511151231257827", "-0.8315249823016476",
            "0.33043707618338714", "0.000123456789012345678", "000000000000000000001.5", "1e22", "1e23",
            "9999999999999999999e22", "9999999999999999999e-22", "1234567890123456789e-19", "0e999999999",
            "123.456e-5", "1.5E3", "7e-22", "7e22", "5e-324", "2e-323", "0.0000000000000000000000000001",
        ])
    }

    /// Exact midpoints between adjacent doubles (ties to even) and their neighbours in the last
    /// digit: the wide-mantissa path must leave them to `strtod` or get them right.
    @Test func midpointsBetweenDoubles() {
        var generator = SplitMix64(seed: 7)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let exponent = Int.random(in: 53...63, using: &generator)
            let d = Double(sign: .plus, exponent: exponent, significand: 1 + Double.random(in: 0..<1, using: &generator))
            let midpoint = UInt64(d) + UInt64(d.ulp / 2)
            for m in [midpoint - 1, midpoint, midpoint + 1] where m < 10_000_000_000_000_000_000 {
                texts.append(String(m))
                texts.append(String(m) + "e-3")
                texts.append(String(m / 10) + "." + String(m % 10))
            }
            // Below 2^53 the midpoints have one or two fraction digits.
            let small = Double(sign: .plus, exponent: 51, significand: 1 + Double.random(in: 0..<1, using: &generator))
            let half = small + small.ulp / 2  // exact: x.25 or x.75
            texts.append(String(UInt64(small)) + (half - small.rounded(.down) == 0.25 ? ".25" : ".75"))
        }
        Self.expectAgreement(texts)
    }

    /// Random decimal texts of many shapes: 1–20 (sometimes more) digits, a sign, a leading or
    /// inner or trailing point, leading zeros, exponents with sign and 1–3 digits, junk after.
    @Test func randomTextsAgreeWithStrtod() {
        var generator = SplitMix64(seed: 20_240_611)
        var bytes = [UInt8](repeating: 0, count: 64)
        var checked = 0
        var mismatches: [String] = []
        for _ in 0..<1_200_000 {
            var n = 0
            func put(_ byte: UInt8) {
                bytes[n] = byte
                n += 1
            }
            func digit() -> UInt8 { UInt8(ascii: "0") + UInt8(generator.next() % 10) }
            let shape = generator.next()
            switch shape % 4 {
            case 0: put(UInt8(ascii: "-"))
            case 1 where shape & 0x30 == 0: put(UInt8(ascii: "+"))
            default: break
            }
            let digits = (shape >> 8) % 16 == 0 ? Int(1 + generator.next() % 30) : Int(1 + generator.next() % 20)
            let zeros = (shape >> 12) % 4 == 0 ? Int(generator.next() % 6) : 0
            // Point position: none, leading, inside, trailing.
            let point: Int
            switch (shape >> 16) % 6 {
            case 0: point = -1
            case 1: point = 0
            case 2: point = digits + zeros
            default: point = Int(generator.next() % UInt64(digits + zeros + 1))
            }
            for i in 0..<(digits + zeros) {
                if i == point { put(UInt8(ascii: ".")) }
                if i < zeros {
                    put(UInt8(ascii: "0"))
                } else {
                    // Mostly random digits; some texts end in runs of 0s or 9s.
                    put((shape >> 20) % 8 == 0 && i > zeros + digits / 2 ? ((shape >> 24) & 1 == 0 ? 48 : 57) : digit())
                }
            }
            if point == digits + zeros { put(UInt8(ascii: ".")) }
            if (shape >> 28) % 3 == 0 {
                put((shape >> 30) & 1 == 0 ? UInt8(ascii: "e") : UInt8(ascii: "E"))
                switch (shape >> 32) % 3 {
                case 0: put(UInt8(ascii: "-"))
                case 1: put(UInt8(ascii: "+"))
                default: break
                }
                let expDigits = (shape >> 36) % 8 == 0 ? Int(generator.next() % 4) : Int(1 + generator.next() % 2)
                for _ in 0..<expDigits { put(digit()) }
            }
            if (shape >> 40) % 8 == 0 { put([UInt8(ascii: "x"), UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "e")][Int(shape >> 44) % 4]) }
            let (ours, theirs) = bytes.withUnsafeBufferPointer { Self.bothReadings(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            checked += 1
            if ours != theirs, mismatches.count < 5 {
                mismatches.append("\(String(decoding: bytes[0..<n], as: UTF8.self)): \(ours) vs strtod \(theirs)")
            }
        }
        #expect(checked >= 1_000_000)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// Shortest round-trip texts of random doubles (what Python's `repr` writes), positive and
    /// negative, across magnitudes: all parse to the same double.
    @Test func shortestTextsRoundTrip() {
        var generator = SplitMix64(seed: 99)
        var texts: [String] = []
        for i in 0..<200_000 {
            let bits = generator.next()
            let value: Double
            if i % 2 == 0 {
                value = Double(bitPattern: bits)
            } else {
                value = (Double(bits >> 11) * 0x1p-53 - 0.5) * Double(sign: .plus, exponent: Int(bits % 40) - 20, significand: 1)
            }
            guard value.isFinite else { continue }
            texts.append(value.description)
        }
        Self.expectAgreement(texts)
    }
}
