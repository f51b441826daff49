import MLOpsTime

/// A recurring schedule in UTC: a five-field cron expression, a macro such as `@daily`, or a fixed
/// interval such as `every 12h`. Times are `Int64` Unix seconds (UTC); a caller holding a `Date`
/// passes `Int64(date.timeIntervalSince1970)`. There are no time zones and no daylight saving.
///
/// Accepted forms (case-insensitive; surrounding and repeated whitespace is ignored):
/// - `minute hour day-of-month month day-of-week`, each field `*`, `n`, `a-b`, `*/s`, `a-b/s`,
///   `a/s` or a comma-separated list of these; months `jan`-`dec`, weekdays `sun`-`sat`, and
///   day-of-week 0 and 7 both Sunday. When day-of-month and day-of-week are both restricted a day
///   matches if either matches (Vixie cron); if either is written starting with `*` (including
///   `*/n`), a day must match both, so a plain `*` leaves the other field as the only restriction.
/// - `@yearly`/`@annually` (`0 0 1 1 *`), `@monthly` (`0 0 1 * *`), `@weekly` (`0 0 * * 0`,
///   Sunday 00:00), `@daily`/`@midnight` (`0 0 * * *`), `@hourly` (`0 * * * *`).
/// - `every <n><unit>` with unit `m`, `h`, `d` or `w`, at least 1 minute and at most 3650 days.
///   Interval slots are aligned to the Unix epoch: they are the multiples of the interval since
///   1970-01-01T00:00Z, so every node computes the same slots with no stored anchor. 1970-01-01
///   was a Thursday, so `every 1w` (and `every 7d`) fires on Thursdays at 00:00 UTC, and
///   `every 5h` fires at hours that shift from day to day.
///
/// Slots are whole minutes. Times more than about 35 million years from 1970 are outside the
/// supported range and yield no slot.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// What the expression denotes.
    enum Kind: Hashable, Sendable {
        /// A cron expression or macro.
        case calendar(CalendarSpec)
        /// A fixed interval in seconds (a positive multiple of 60), aligned to the epoch.
        case interval(Int64)
    }

    /// The parsed schedule.
    let kind: Kind

    /// The expression as parsed: trimmed, fields separated by single spaces, lower-cased
    /// (`every 7 D` reads back as `every 7d`).
    public let description: String

    /// The longest `every` interval accepted, in minutes (3650 days).
    public static let maximumIntervalMinutes: Int64 = 3650 * 1440

    /// Times whose magnitude exceeds this (about 35 million years) have no slots.
    static let supportedTimes: ClosedRange<Int64> = -(1 << 50)...(1 << 50)

    /// Parses a cron expression, macro or `every` interval.
    /// - Throws: ``CronError`` naming the field and value at fault.
    public init(parsing text: String) throws(CronError) {
        (kind, description) = try CronScheduleParser.parse(text)
    }

    /// For an `every` schedule, the interval in seconds; `nil` for cron expressions and macros.
    public var intervalSeconds: Int64? {
        if case .interval(let seconds) = kind { return seconds }
        return nil
    }

    /// Whether `t` (Unix seconds) is exactly a slot of this schedule.
    public func matches(_ t: Int64) -> Bool {
        guard CronSchedule.supportedTimes.contains(t) else { return false }
        switch kind {
        case .interval(let seconds):
            return floorMod(t, seconds) == 0
        case .calendar(let spec):
            guard floorMod(t, 60) == 0 else { return false }
            let day = floorDiv(t, 86_400)
            let second = Int(t - day * 86_400)
            return spec.matches(CivilDate(daysSinceEpoch: day), hour: second / 3600, minute: second % 3600 / 60)
        }
    }

    /// The first slot strictly after `t` (Unix seconds), or `nil` if the schedule can never fire
    /// again (such as `0 0 30 2 *`, February 30).
    public func nextSlot(after t: Int64) -> Int64? {
        guard CronSchedule.supportedTimes.contains(t) else { return nil }
        switch kind {
        case .interval(let seconds):
            return (floorDiv(t, seconds) + 1) * seconds
        case .calendar(let spec):
            return spec.firstSlot(atOrAfter: (floorDiv(t, 60) + 1) * 60)
        }
    }

    /// The latest slot at or before `t` (Unix seconds), or `nil` if there is none. A scheduler
    /// catching up after downtime runs only this slot, once.
    public func previousSlot(atOrBefore t: Int64) -> Int64? {
        guard CronSchedule.supportedTimes.contains(t) else { return nil }
        switch kind {
        case .interval(let seconds):
            return floorDiv(t, seconds) * seconds
        case .calendar(let spec):
            return spec.lastSlot(atOrBefore: floorDiv(t, 60) * 60)
        }
    }

    /// The slots strictly after `start` and at or before `end`, in order, at most `limit` of them.
    public func slots(after start: Int64, through end: Int64, limit: Int) -> [Int64] {
        var result: [Int64] = []
        var current = start
        while result.count < limit, let next = nextSlot(after: current), next <= end {
            result.append(next)
            current = next
        }
        return result
    }
}
