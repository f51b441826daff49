import Foundation
import MLOpsTime
import TabularData
import Testing

@Suite struct UTCTimeTests {
    @Test func formats() {
        #expect(UTCTime.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.iso8601(1_795_608_000) == "2026-11-25T12:00:00Z")
        #expect(UTCTime.iso8601(1_835_395_200) == "2028-02-29T00:00:00Z")
        #expect(UTCTime.iso8601(-1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.iso8601(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test(arguments: [
        ("2026-11-25T12:00:00Z", Int64(1_795_608_000)),
        ("2026-11-25T12:00Z", 1_795_608_000),
        ("2026-11-25T12:00", 1_795_608_000),
        ("2026-11-25 12:00:00", 1_795_608_000),
        ("2026-11-25T12:00:00+00:00", 1_795_608_000),
        ("2026-11-25T14:30:00+02:30", 1_795_608_000),
        ("2026-11-25T07:00-05:00", 1_795_608_000),
        ("2026-11-25T12:00:07Z", 1_795_608_007),
        ("2026-11-25", 1_795_564_800),
        ("1969-12-31", -86_400),
        ("2000-02-29", 951_782_400),
    ])
    func parses(_ text: String, _ expected: Int64) {
        #expect(UTCTime.parseISO8601(text) == expected)
    }

    @Test(arguments: [
        "", "garbage", "2026-11-2", "2026/11/25", "2025-02-29", "2100-02-29", "2026-13-01", "2026-00-10",
        "2026-04-31", "2026-11-25T24:00", "2026-11-25T12:60", "2026-11-25T12:00:60", "2026-11-25T12",
        "2026-11-25Z", "2026-11-25T12:00:00+0000", "2026-11-25T12:00:00 Z", "2026-11-25T12:00:00.5Z",
        "+2026-11-25", "2026-11-25T1:00",
    ])
    func rejects(_ text: String) {
        #expect(UTCTime.parseISO8601(text) == nil, "\(text)")
    }

    @Test func roundTripsAndAgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        var rng = SplitMix64(seed: 2026)
        for _ in 0..<2000 {
            let t = Int64.random(in: -2_208_988_800...253_402_300_799, using: &rng)  // 1900 through 9999
            let text = UTCTime.iso8601(t)
            #expect(UTCTime.parseISO8601(text) == t, "\(text)")
            #expect(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t))) == text)
        }
    }
}
