import CronSchedule
import Testing

@Suite struct ParsingTests {
    /// Every slot of `schedule` within the week starting 2026-06-01 (a Monday), as minutes of day
    /// sets are hard to read; used to compare equivalent spellings.
    private func week(_ text: String) -> [Int64] {
        let start = utc("2026-06-01T00:00Z")
        return cron(text).slots(after: start - 1, through: start + 8 * 86_400, limit: 20_000)
    }

    @Test(arguments: [
        ("*/15 * * * *", "0,15,30,45 * * * *"),
        ("10-20/5 * * * *", "10,15,20 * * * *"),
        ("50/3 * * * *", "50,53,56,59 * * * *"),
        ("0 */6 * * *", "0 0,6,12,18 * * *"),
        ("0 9-17/4 * * *", "0 9,13,17 * * *"),
        ("0 0 * * mon-fri", "0 0 * * 1,2,3,4,5"),
        ("0 0 * * MON-Fri", "0 0 * * 1-5"),
        ("0 0 * * fri-sun", "0 0 * * 0,5,6"),
        ("0 0 * * 7", "0 0 * * 0"),
        ("0 0 * * 5-7", "0 0 * * 0,5,6"),
        ("0 0 1 jan,JUL *", "0 0 1 1,7 *"),
        ("0 0 1 jun-aug *", "0 0 1 6,7,8 *"),
        ("0 0 1 */4 *", "0 0 1 1,5,9 *"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
        ("@weekly", "0 0 * * sun"),
        ("@monthly", "0 0 1 * *"),
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
    ])
    func equivalentSpellingsFireTogether(_ pair: (String, String)) {
        #expect(week(pair.0) == week(pair.1), "\(pair.0) vs \(pair.1)")
    }

    @Test func stepsRangesAndListsSelectTheRightMinutes() {
        let s = cron("5,10-12,40-50/5 3 * * *")
        let day = utc("2026-06-01T03:00Z")
        let minutes = s.slots(after: day - 1, through: day + 3599, limit: 100).map { ($0 - day) / 60 }
        #expect(minutes == [5, 10, 11, 12, 40, 45, 50])
    }

    @Test func descriptionIsTheNormalizedText() {
        #expect(cron("  0   9 * *\tMON ").description == "0 9 * * mon")
        #expect(cron("@Daily").description == "@daily")
        #expect(cron(" every  7 D ").description == "every 7d")
        #expect(cron("every 012h").description == "every 12h")
        #expect(cron("*/5 * * * *").description == "*/5 * * * *")
    }

    @Test func equalTextsGiveEqualSchedules() {
        #expect(cron("0 9 * * MON") == cron("0  9 * * mon"))
        #expect(Set([cron("@daily"), cron("@DAILY"), cron("@hourly")]).count == 2)
        #expect(cron("0 9 * * 1") != cron("0 9 * * 2"))
    }

    @Test func intervalSecondsOnlyForEvery() {
        #expect(cron("every 30m").intervalSeconds == 1800)
        #expect(cron("every 12h").intervalSeconds == 43_200)
        #expect(cron("every 7d").intervalSeconds == 604_800)
        #expect(cron("every 1w").intervalSeconds == 604_800)
        #expect(cron("every 3650d").intervalSeconds == Int64(3650) * 86_400)
        #expect(cron("@daily").intervalSeconds == nil)
    }

    @Test func matchesOnlyWholeSlotMinutes() {
        let s = cron("30 9 * * *")
        #expect(s.matches(utc("2026-06-01T09:30Z")))
        #expect(!s.matches(utc("2026-06-01T09:30:01Z")))
        #expect(!s.matches(utc("2026-06-01T09:31Z")))
        #expect(cron("every 1h").matches(utc("2026-06-01T09:00Z")))
        #expect(!cron("every 1h").matches(utc("2026-06-01T09:30Z")))
    }
}
