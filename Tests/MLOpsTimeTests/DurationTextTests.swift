import MLOpsTime
import Testing

@Suite struct DurationTextTests {
    @Test(
        arguments: [
            ("90s", 90), ("30m", 1_800), ("2h", 7_200), ("7d", 604_800), ("1w", 604_800), ("0s", 0),
            ("36h", 129_600), ("0010m", 600),
        ] as [(String, Int64)])
    func parses(text: String, seconds: Int64) {
        #expect(DurationText.parseDuration(text) == seconds)
    }

    @Test(arguments: [
        "", "5", "m", "-5m", "+5m", "1.5h", "1h30m", " 5m", "5m ", "5M", "5 m", "5y", "٣m",
        "99999999999999999w", "9223372036854775807m",
    ])
    func rejects(text: String) {
        #expect(DurationText.parseDuration(text) == nil)
    }

    @Test func formatsInTheLargestExactUnit() {
        #expect(DurationText.format(0) == "0s")
        #expect(DurationText.format(90) == "90s")
        #expect(DurationText.format(5_400) == "90m")
        #expect(DurationText.format(7_200) == "2h")
        #expect(DurationText.format(86_400 * 3) == "3d")
        #expect(DurationText.format(604_800) == "1w")
        for seconds: Int64 in [1, 59, 60, 3_601, 86_400, 1_209_600] {
            #expect(DurationText.parseDuration(DurationText.format(seconds)) == seconds)
        }
    }
}
