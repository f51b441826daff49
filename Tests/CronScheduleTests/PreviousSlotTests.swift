import CronSchedule
import Testing

@Suite struct PreviousSlotTests {
    @Test(arguments: ["*/15 9-17 * * mon-fri", "0 0 13 * 5", "0 0 31 * *", "@weekly", "0 0 29 2 *", "* * * * *"])
    func atExactlyASlotReturnsThatSlot(_ text: String) {
        let s = cron(text)
        var t = utc("2026-01-01")
        for _ in 0..<20 {
            let slot = try! #require(s.nextSlot(after: t))
            #expect(s.previousSlot(atOrBefore: slot) == slot)
            #expect(s.previousSlot(atOrBefore: slot + 59) == slot)
            #expect(s.previousSlot(atOrBefore: slot - 1).map { $0 < slot } == true)
            t = slot
        }
    }

    @Test func latestMissedSlotAfterDowntime() {
        let s = cron("0 3 * * mon-fri")
        // Down from Friday morning to Monday 02:00: only Friday 03:00 should run on catch-up.
        #expect(iso(s.previousSlot(atOrBefore: utc("2026-11-30T02:00Z"))) == "2026-11-27T03:00:00Z")
        #expect(iso(s.previousSlot(atOrBefore: utc("2026-11-30T03:00Z"))) == "2026-11-30T03:00:00Z")
    }

    @Test func walksBackAcrossMonthAndYearBoundaries() {
        #expect(iso(cron("0 0 31 * *").previousSlot(atOrBefore: utc("2026-05-30"))) == "2026-03-31T00:00:00Z")
        #expect(iso(cron("0 0 30 * *").previousSlot(atOrBefore: utc("2026-03-29"))) == "2026-01-30T00:00:00Z")
        #expect(
            iso(cron("45 22 * * *").previousSlot(atOrBefore: utc("2026-01-01T22:44:59Z")))
                == "2025-12-31T22:45:00Z")
        #expect(
            iso(cron("*/20 */5 * * *").previousSlot(atOrBefore: utc("2026-01-01T04:59Z")))
                == "2026-01-01T00:40:00Z")
    }
}
