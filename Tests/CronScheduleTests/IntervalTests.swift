import CronSchedule
import MLOpsTime
import Testing

@Suite struct IntervalTests {
    @Test func everySevenDaysLandsOnThursdayMidnights() {
        // Slots are multiples of the interval since 1970-01-01T00:00Z, which was a Thursday.
        let s = cron("every 7d")
        var t = utc("2026-11-25T12:00Z")  // a Wednesday
        for _ in 0..<10 {
            let next = try! #require(s.nextSlot(after: t))
            #expect(next % 604_800 == 0)
            #expect(UTCTime.iso8601(next).hasSuffix("T00:00:00Z"))
            #expect((next / 86_400 + 4) % 7 == 4)  // Thursday
            t = next
        }
        #expect(iso(s.nextSlot(after: utc("2026-11-25T12:00Z"))) == "2026-11-26T00:00:00Z")
        #expect(cron("every 1w").nextSlot(after: 12_345) == s.nextSlot(after: 12_345))
        #expect(s.nextSlot(after: -1) == 0)
        #expect(s.nextSlot(after: 0) == 604_800)
    }

    @Test(arguments: [
        ("every 30m", Int64(1800)), ("every 12h", 43_200), ("every 90m", 5400), ("every 1m", 60),
        ("every 5h", 18_000), ("every 2w", 1_209_600),
    ])
    func slotsAreEpochMultiples(_ text: String, _ interval: Int64) {
        let s = cron(text)
        for t in [Int64(0), 1, 59, 5399, 1_795_608_000, 1_795_608_017, -1, -86_401] {
            let next = try! #require(s.nextSlot(after: t))
            let previous = try! #require(s.previousSlot(atOrBefore: t))
            #expect(next % interval == 0 && previous % interval == 0)
            #expect(previous <= t && t < next && next - previous == interval)
            #expect(s.matches(previous) && s.matches(next))
        }
    }

    @Test func previousSlotAtASlotIsThatSlot() {
        let s = cron("every 12h")
        let slot = utc("2026-11-25T12:00Z")
        #expect(s.previousSlot(atOrBefore: slot) == slot)
        #expect(s.previousSlot(atOrBefore: slot - 1) == slot - 43_200)
        #expect(s.nextSlot(after: slot) == slot + 43_200)
    }

    @Test func catchUpRunsOnlyTheLatestMissedSlot() {
        // Last run at Monday 00:00; the node was down until Thursday 15:00.
        let s = cron("every 12h")
        let lastRun = utc("2026-11-23T00:00Z")
        let now = utc("2026-11-26T15:00Z")
        #expect(s.slots(after: lastRun, through: now, limit: 100).count == 7)
        #expect(iso(s.previousSlot(atOrBefore: now)) == "2026-11-26T12:00:00Z")
    }
}
