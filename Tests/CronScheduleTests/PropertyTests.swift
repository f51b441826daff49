import CronSchedule
import TabularData
import Testing

@Suite struct PropertyTests {
    static let expressions = [
        "* * * * *", "*/15 9-17 * * mon-fri", "0 0 13 * 5", "30 2 31 * *", "5,35 */6 1-7 * sun",
        "0 0 */2 * 1", "0 12 * * */2", "@weekly", "@monthly", "@yearly", "0 0 29 2 *", "0 0 29 2 */7",
        "7 7 7 7 *", "0 0 30 2 mon", "every 7d", "every 90m", "every 5h",
    ]

    @Test(arguments: expressions)
    func previousAndNextBracketEveryTime(_ text: String) {
        let s = cron(text)
        var rng = SplitMix64(seed: 0xC0FFEE)
        for _ in 0..<2000 {
            let t = Int64.random(in: -2_000_000_000...7_300_000_000, using: &rng)
            guard let previous = s.previousSlot(atOrBefore: t), let next = s.nextSlot(after: t) else {
                Issue.record("\(text): no slot around \(iso(t))")
                return
            }
            #expect(previous <= t && t < next, "\(text) at \(iso(t))")
            #expect(s.matches(previous) && s.matches(next), "\(text) at \(iso(t))")
            #expect(previous % 60 == 0 && next % 60 == 0)
            #expect(s.nextSlot(after: previous) == next, "\(text) at \(iso(t))")
            #expect(s.previousSlot(atOrBefore: next - 1) == previous, "\(text) at \(iso(t))")
            #expect(s.previousSlot(atOrBefore: next) == next, "\(text) at \(iso(t))")
        }
    }

    /// Hand-written predicates for expressions whose slots are at most ~62 days apart.
    static let oracles: [(String, @Sendable (MinuteFields) -> Bool)] = [
        ("*/15 9-17 * * mon-fri", { $0.minute % 15 == 0 && (9...17).contains($0.hour) && (1...5).contains($0.weekday) }),
        ("0 0 13 * 5", { $0.minute == 0 && $0.hour == 0 && ($0.day == 13 || $0.weekday == 5) }),
        ("30 2 31 * *", { $0.minute == 30 && $0.hour == 2 && $0.day == 31 }),
        ("5,35 */6 1-7 * sun", { [5, 35].contains($0.minute) && $0.hour % 6 == 0 && ($0.day <= 7 || $0.weekday == 0) }),
        ("0 0 */2 * 1", { $0.minute == 0 && $0.hour == 0 && $0.day % 2 == 1 && $0.weekday == 1 }),
        ("0 12 * * */2", { $0.minute == 0 && $0.hour == 12 && $0.weekday % 2 == 0 }),
        ("0 0 31 * mon", { $0.minute == 0 && $0.hour == 0 && ($0.day == 31 || $0.weekday == 1) }),
        ("17 */7 * jan-feb,apr-may,jul-aug,oct-nov *", { $0.minute == 17 && $0.hour % 7 == 0 && $0.month % 3 != 0 }),
        ("@monthly", { $0.minute == 0 && $0.hour == 0 && $0.day == 1 }),
    ]

    @Test(arguments: 0..<oracles.count)
    func agreesWithMinuteByMinuteBruteForce(_ index: Int) {
        let (text, predicate) = Self.oracles[index]
        let s = cron(text)
        let oracle = BruteForceOracle(predicate)
        var rng = SplitMix64(seed: UInt64(index) &+ 99)
        let window = 100 * 1440  // minutes
        for _ in 0..<40 {
            let t = Int64.random(in: -500_000_000...7_000_000_000, using: &rng)
            let minute = (t >= 0 ? t / 60 : (t - 59) / 60) * 60
            let expectedNext = oracle.scan(from: minute + 60, step: 1, count: window)
            let expectedPrevious = oracle.scan(from: minute, step: -1, count: window)
            #expect(expectedNext != nil && expectedPrevious != nil, "\(text): oracle window too small at \(iso(t))")
            #expect(s.nextSlot(after: t) == expectedNext, "\(text) after \(iso(t))")
            #expect(s.previousSlot(atOrBefore: t) == expectedPrevious, "\(text) at or before \(iso(t))")
        }
    }
}
