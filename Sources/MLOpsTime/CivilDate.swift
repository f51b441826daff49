/// A proleptic Gregorian calendar date in UTC, convertible to and from days since 1970-01-01.
///
/// The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms: exact
/// integer arithmetic over 400-year eras, valid for negative day numbers (dates before 1970) too.
public struct CivilDate: Hashable, Sendable {
    /// The year (astronomical numbering: 0 is 1 BC).
    public var year: Int64
    /// The month, 1 (January) through 12 (December).
    public var month: Int
    /// The day of the month, 1 through 31.
    public var day: Int

    /// A date from its components; the caller guarantees they form a real date.
    public init(year: Int64, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    public init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097  // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365  // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)  // [0, 365]
        let mp = (5 * doy + 2) / 153  // [0, 11], March-based
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        month = Int(mp < 10 ? mp + 3 : mp - 9)
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days from 1970-01-01 to this date (negative: before).
    public var daysSinceEpoch: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400  // [0, 399]
        let mp = Int64(month > 2 ? month - 3 : month + 9)  // [0, 11]
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1  // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy  // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// The day of the week, 0 (Sunday) through 6 (Saturday). 1970-01-01 was a Thursday (4).
    public var weekday: Int { CivilDate.weekday(daysSinceEpoch: daysSinceEpoch) }

    /// The number of days in this date's month.
    public var daysInMonth: Int { CivilDate.daysIn(month: month, year: year) }

    /// The next calendar day.
    public func advanced() -> CivilDate {
        if day < daysInMonth { return CivilDate(year: year, month: month, day: day + 1) }
        if month < 12 { return CivilDate(year: year, month: month + 1, day: 1) }
        return CivilDate(year: year + 1, month: 1, day: 1)
    }

    /// The previous calendar day.
    public func retreated() -> CivilDate {
        if day > 1 { return CivilDate(year: year, month: month, day: day - 1) }
        if month > 1 { return CivilDate(year: year, month: month - 1, day: CivilDate.daysIn(month: month - 1, year: year)) }
        return CivilDate(year: year - 1, month: 12, day: 31)
    }

    /// Whether `year` is a Gregorian leap year (divisible by 4, except centuries not divisible by 400).
    public static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1-12) of `year`.
    public static func daysIn(month: Int, year: Int64) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The day of the week of the day `days` after 1970-01-01: 0 (Sunday) through 6 (Saturday).
    public static func weekday(daysSinceEpoch days: Int64) -> Int {
        Int(floorMod(days + 4, 7))
    }
}

/// `a / b` rounded toward negative infinity (`b > 0`).
@inline(__always)
public func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b < 0) ? q - 1 : q
}

/// `a mod b` in `0..<b` (`b > 0`).
@inline(__always)
public func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
    let r = a % b
    return r < 0 ? r + b : r
}
