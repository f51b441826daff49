import CronSchedule
import MLOpsTime
import TabularData
import Testing

@Suite struct NextSlotTests {
    /// The first `count` slots after `start`, as ISO text.
    private func upcoming(_ text: String, after start: String, count: Int) -> [String] {
        var result: [String] = []
        var t = utc(start)
        for _ in 0..<count {
            guard let next = cron(text).nextSlot(after: t) else { break }
            result.append(UTCTime.iso8601(next))
            t = next
        }
        return result
    }

    @Test func strictlyAfterAndOnWholeMinutes() {
        let s = cron("* * * * *")
        #expect(iso(s.nextSlot(after: utc("2026-06-01T09:30Z"))) == "2026-06-01T09:31:00Z")
        #expect(iso(s.nextSlot(after: utc("2026-06-01T09:30:59Z"))) == "2026-06-01T09:31:00Z")
        #expect(iso(cron("30 9 * * *").nextSlot(after: utc("2026-06-01T09:30Z"))) == "2026-06-02T09:30:00Z")
        #expect(iso(cron("30 9 * * *").nextSlot(after: utc("2026-06-01T09:29:59Z"))) == "2026-06-01T09:30:00Z")
    }

    @Test func thirtyFirstSkipsShortMonths() {
        #expect(
            upcoming("0 0 31 * *", after: "2026-01-15", count: 4)
                == ["2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z"])
        #expect(
            upcoming("0 0 31 * *", after: "2026-07-31", count: 3)
                == ["2026-08-31T00:00:00Z", "2026-10-31T00:00:00Z", "2026-12-31T00:00:00Z"])
    }

    @Test func thirtiethSkipsFebruary() {
        #expect(
            upcoming("0 0 30 * *", after: "2028-01-30", count: 2)  // 2028 is a leap year
                == ["2028-03-30T00:00:00Z", "2028-04-30T00:00:00Z"])
    }

    @Test(arguments: [
        ("2025-03-01", "2028-02-29T00:00:00Z"),
        ("2028-02-29", "2032-02-29T00:00:00Z"),
        ("1999-03-01", "2000-02-29T00:00:00Z"),  // 2000 is divisible by 400: leap
        ("2097-01-01", "2104-02-29T00:00:00Z"),  // 2100 is not a leap year: an 8-year gap
    ])
    func leapDay(_ start: String, _ expected: String) {
        #expect(iso(cron("0 0 29 2 *").nextSlot(after: utc(start))) == expected)
    }

    @Test func leapDayPreviousSlot() {
        #expect(iso(cron("0 0 29 2 *").previousSlot(atOrBefore: utc("2104-02-28"))) == "2096-02-29T00:00:00Z")
        #expect(iso(cron("0 0 29 2 *").previousSlot(atOrBefore: utc("2026-06-01"))) == "2024-02-29T00:00:00Z")
    }

    @Test func yearRollover() {
        let lastMinute = utc("2026-12-31T23:59Z")
        #expect(iso(cron("* * * * *").nextSlot(after: lastMinute)) == "2027-01-01T00:00:00Z")
        #expect(iso(cron("0 0 1 1 *").nextSlot(after: lastMinute)) == "2027-01-01T00:00:00Z")
        #expect(iso(cron("59 23 31 12 *").nextSlot(after: lastMinute)) == "2027-12-31T23:59:00Z")
        #expect(iso(cron("59 23 31 12 *").previousSlot(atOrBefore: lastMinute - 1)) == "2025-12-31T23:59:00Z")
        #expect(iso(cron("0 12 * * *").previousSlot(atOrBefore: utc("2027-01-01T00:00Z"))) == "2026-12-31T12:00:00Z")
    }

    @Test func dayOfMonthOrDayOfWeekWhenBothRestricted() {
        // The 13th OR any Friday (April 13 2026 is a Monday).
        #expect(
            upcoming("0 0 13 * 5", after: "2026-04-01", count: 6) == [
                "2026-04-03T00:00:00Z", "2026-04-10T00:00:00Z", "2026-04-13T00:00:00Z",
                "2026-04-17T00:00:00Z", "2026-04-24T00:00:00Z", "2026-05-01T00:00:00Z",
            ])
        // Odd days OR Mondays.
        #expect(
            upcoming("0 0 1-31/2 * mon", after: "2026-06-02", count: 6).map { String($0.prefix(10)) }
                == ["2026-06-03", "2026-06-05", "2026-06-07", "2026-06-08", "2026-06-09", "2026-06-11"])
    }

    @Test func starPrefixedDayFieldMeansBothMustMatch() {
        // Vixie cron: `*/2` in day-of-month counts as `*`, so the day must be odd AND a Monday.
        #expect(
            upcoming("0 0 */2 * mon", after: "2026-06-01", count: 4).map { String($0.prefix(10)) }
                == ["2026-06-15", "2026-06-29", "2026-07-13", "2026-07-27"])
        // Only day-of-week restricts when day-of-month is `*`, and vice versa.
        #expect(upcoming("0 0 * * 5", after: "2026-04-01", count: 2) == ["2026-04-03T00:00:00Z", "2026-04-10T00:00:00Z"])
        #expect(upcoming("0 0 13 * *", after: "2026-04-01", count: 2) == ["2026-04-13T00:00:00Z", "2026-05-13T00:00:00Z"])
        // February 29 that is a Sunday: rare, decades apart, but found.
        #expect(
            upcoming("0 0 29 2 */7", after: "2026-01-01", count: 4) == [
                "2032-02-29T00:00:00Z", "2060-02-29T00:00:00Z", "2088-02-29T00:00:00Z", "2128-02-29T00:00:00Z",
            ])
    }

    @Test(arguments: ["0 0 * * 0", "0 0 * * 7", "0 0 * * sun", "0 0 * * SUN", "@weekly"])
    func sundaySpellings(_ text: String) {
        // 2026-11-25 is a Wednesday; the next Sunday is the 29th.
        #expect(iso(cron(text).nextSlot(after: utc("2026-11-25T12:00Z"))) == "2026-11-29T00:00:00Z")
        #expect(iso(cron(text).previousSlot(atOrBefore: utc("2026-11-25T12:00Z"))) == "2026-11-22T00:00:00Z")
    }

    @Test func macros() {
        let wednesdayNoon = utc("2026-11-25T12:00Z")
        #expect(iso(cron("@hourly").nextSlot(after: wednesdayNoon)) == "2026-11-25T13:00:00Z")
        #expect(iso(cron("@daily").nextSlot(after: wednesdayNoon)) == "2026-11-26T00:00:00Z")
        #expect(iso(cron("@midnight").nextSlot(after: wednesdayNoon)) == "2026-11-26T00:00:00Z")
        #expect(iso(cron("@monthly").nextSlot(after: wednesdayNoon)) == "2026-12-01T00:00:00Z")
        #expect(iso(cron("@yearly").nextSlot(after: wednesdayNoon)) == "2027-01-01T00:00:00Z")
        #expect(iso(cron("@annually").previousSlot(atOrBefore: wednesdayNoon)) == "2026-01-01T00:00:00Z")
    }

    @Test func namedMonthsAndWeekdays() {
        #expect(
            upcoming("30 6 * jan,jul mon-fri", after: "2026-01-29T07:00Z", count: 3)
                == ["2026-01-30T06:30:00Z", "2026-07-01T06:30:00Z", "2026-07-02T06:30:00Z"])
    }

    @Test(arguments: ["0 0 30 2 *", "0 0 31 2 *", "0 0 31 4,6,9,11 *", "0 0 30-31 feb *", "0 0 30 2 */2"])
    func impossibleSchedulesHaveNoSlots(_ text: String) {
        let s = cron(text)
        #expect(s.nextSlot(after: utc("2026-01-01")) == nil)
        #expect(s.previousSlot(atOrBefore: utc("2026-01-01")) == nil)
        #expect(s.slots(after: 0, through: utc("2100-01-01"), limit: 10).isEmpty)
    }

    @Test func restrictedWeekdayRescuesAnImpossibleDate() {
        // Both day fields restricted: February 30 OR a Monday, so every Monday in February.
        #expect(iso(cron("0 0 30 2 mon").nextSlot(after: utc("2026-01-01"))) == "2026-02-02T00:00:00Z")
    }

    @Test func slotsBetweenBounds() {
        let s = cron("0 */6 * * *")
        let start = utc("2026-06-01T00:00Z")
        #expect(
            s.slots(after: start, through: start + 86_400, limit: 10).map(UTCTime.iso8601)
                == ["2026-06-01T06:00:00Z", "2026-06-01T12:00:00Z", "2026-06-01T18:00:00Z", "2026-06-02T00:00:00Z"])
        #expect(s.slots(after: start, through: start + 86_400, limit: 2).count == 2)
        #expect(s.slots(after: start, through: start, limit: 10).isEmpty)
        #expect(s.slots(after: start, through: start + 86_400, limit: 0).isEmpty)
    }

    @Test func timesBeforeTheEpoch() {
        #expect(iso(cron("0 0 1 1 *").nextSlot(after: utc("1969-06-01"))) == "1970-01-01T00:00:00Z")
        #expect(iso(cron("0 0 29 2 *").previousSlot(atOrBefore: utc("1969-06-01"))) == "1968-02-29T00:00:00Z")
        #expect(iso(cron("0 0 * * 0").previousSlot(atOrBefore: -1)) == "1969-12-28T00:00:00Z")
    }

    @Test func extremeTimesYieldNilInsteadOfOverflowing() {
        for text in ["* * * * *", "every 1w"] {
            #expect(cron(text).nextSlot(after: .max) == nil)
            #expect(cron(text).previousSlot(atOrBefore: .min) == nil)
            #expect(!cron(text).matches(.min))
        }
    }

    @Test func searchIsFast() {
        let expressions = ["0 0 29 2 */7", "0 0 31 * *", "59 23 31 12 *", "*/7 3-5 13 * fri", "0 0 30 2 *"]
        var rng = SplitMix64(seed: 7)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for text in expressions {
                let s = cron(text)
                for _ in 0..<200 {
                    let t = Int64.random(in: 0...utc("2200-01-01"), using: &rng)
                    _ = s.nextSlot(after: t)
                    _ = s.previousSlot(atOrBefore: t)
                }
            }
        }
        // 2,000 searches, including decades-long gaps; generous for unoptimized debug builds.
        #expect(elapsed < .seconds(2))
    }
}
