import MLOpsTime

/// The parsed form of a five-field cron expression: the allowed values of each field plus whether
/// the day fields were written starting with `*`, which selects the day-matching rule.
///
/// Day rule (Vixie cron): when both day-of-month and day-of-week are restricted, a day matches if
/// EITHER matches; when either field starts with `*` (including `*/n`), both must match — which,
/// for a plain `*`, means only the other field restricts.
struct CalendarSpec: Hashable, Sendable {
    /// Allowed minutes, 0-59.
    var minutes: ValueSet
    /// Allowed hours, 0-23.
    var hours: ValueSet
    /// Allowed days of the month, 1-31.
    var daysOfMonth: ValueSet
    /// Allowed months, 1-12.
    var months: ValueSet
    /// Allowed weekdays, 0 (Sunday) through 6; 7 has been folded into 0.
    var daysOfWeek: ValueSet
    /// Whether the day-of-month field was written starting with `*`.
    var dayOfMonthStar: Bool
    /// Whether the day-of-week field was written starting with `*`.
    var dayOfWeekStar: Bool

    /// Parses the five fields of `expression` (already split on whitespace).
    init(fields: [Substring], expression: String) throws(CronError) {
        minutes = try CronFieldParser.parse(fields[0], field: .minute, expression: expression)
        hours = try CronFieldParser.parse(fields[1], field: .hour, expression: expression)
        daysOfMonth = try CronFieldParser.parse(fields[2], field: .dayOfMonth, expression: expression)
        months = try CronFieldParser.parse(fields[3], field: .month, expression: expression)
        daysOfWeek = try CronFieldParser.parse(fields[4], field: .dayOfWeek, expression: expression)
        dayOfMonthStar = fields[2].hasPrefix("*")
        dayOfWeekStar = fields[4].hasPrefix("*")
    }

    /// Whether the schedule fires on `date`, whose weekday is `weekday` (0 = Sunday).
    func matchesDay(_ date: CivilDate, weekday: Int) -> Bool {
        let dom = daysOfMonth.contains(date.day)
        let dow = daysOfWeek.contains(weekday)
        return (dayOfMonthStar || dayOfWeekStar) ? (dom && dow) : (dom || dow)
    }

    /// Whether any day ever matches. In OR mode every month holds every weekday. Otherwise some
    /// allowed day-of-month must exist in some allowed month (February counting 29); within the
    /// 400-year Gregorian cycle each such date falls on every weekday, so the weekday then
    /// cannot make the schedule impossible.
    var isSatisfiable: Bool {
        if !(dayOfMonthStar || dayOfWeekStar) { return true }
        for month in 1...12 where months.contains(month) {
            let longest = month == 2 ? 29 : CivilDate.daysIn(month: month, year: 1)
            if daysOfMonth.next(atOrAfter: 1).map({ $0 <= longest }) == true { return true }
        }
        return false
    }

    /// Whether the whole minute starting at `date` `hour`:`minute` is a slot.
    func matches(_ date: CivilDate, hour: Int, minute: Int) -> Bool {
        months.contains(date.month) && matchesDay(date, weekday: date.weekday)
            && hours.contains(hour) && minutes.contains(minute)
    }
}
