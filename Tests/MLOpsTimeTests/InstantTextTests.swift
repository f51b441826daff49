import MLOpsTime
import Testing

/// Instants and the millisecond forms: one notation for every surface.
@Suite struct InstantTextTests {
    static let now: Int64 = 1_795_608_000_000  // 2026-11-25T12:00:00Z

    @Test(
        arguments: [
            ("now", now), ("90s", now - 90_000), ("24h", now - 86_400_000), ("2w", now - 1_209_600_000),
            ("1795600000000", 1_795_600_000_000), ("2026-11-25T09:00:00Z", 1_795_597_200_000),
            ("2026-11-25T09:00:00.250Z", 1_795_597_200_250), ("2026-11-25T11:00:00+02:00", 1_795_597_200_000),
            ("2026-11-25T09:00:00.5+00:00", 1_795_597_200_500),
        ] as [(String, Int64)])
    func parses(text: String, expected: Int64) {
        #expect(InstantText.parse(text, now: Self.now) == expected)
    }

    @Test(arguments: ["", "yesterday", "0s", "-5m", "+5m", "5", "2026-13-01T00:00:00Z", "2026-11-25T09:00:00.Z", "1.5h"])
    func refuses(text: String) {
        if text == "5" {
            #expect(InstantText.parse(text, now: Self.now) == 5, "bare digits are Unix milliseconds")
        } else {
            #expect(InstantText.parse(text, now: Self.now) == nil, "\(text)")
        }
    }

    @Test func positiveDurationsRefuseZero() {
        #expect(DurationText.parsePositive("30m") == 1_800)
        #expect(DurationText.parsePositive("0s") == nil && DurationText.parseDuration("0s") == 0)
        #expect(DurationText.parsePositive("+5m") == nil)
    }

    @Test func millisecondsRoundTrip() {
        #expect(UTCTime.iso8601Milliseconds(1_795_597_200_250) == "2026-11-25T09:00:00.250Z")
        #expect(UTCTime.iso8601Milliseconds(-1) == "1969-12-31T23:59:59.999Z")
        #expect(Clock.iso8601(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        for ms: Int64 in [0, 1, 999, 1_795_597_200_250, -1, -1_000, 253_402_300_799_999] {
            #expect(UTCTime.parseISO8601Milliseconds(UTCTime.iso8601Milliseconds(ms)) == ms, "\(ms)")
        }
        #expect(UTCTime.minutes(milliseconds: 1_795_597_200_250) == "2026-11-25 09:00 UTC")
        #expect(UTCTime.seconds(milliseconds: 1_795_597_200_250) == "2026-11-25 09:00:00Z")
    }
}
