import MLOpsTime

/// Slot search over the calendar, field by field: a non-matching month jumps to the next allowed
/// month, a non-matching day to the next day, a non-matching hour to the next allowed hour, and
/// the minute is found with one bit scan. No search walks minute by minute.
extension CalendarSpec {
    /// Years searched before giving up. The Gregorian calendar (weekdays included) repeats every
    /// 400 years, so a schedule with no slot in 400 years has none at all; `isSatisfiable`
    /// already rejects impossible schedules up front, so this bound is a safety net.
    static let searchYears: Int64 = 401

    /// The first slot at or after `start`, a whole minute, in Unix seconds.
    func firstSlot(atOrAfter start: Int64) -> Int64? {
        guard isSatisfiable, let firstMonth = months.first, let firstHour = hours.first else { return nil }
        let startDay = floorDiv(start, 86_400)
        let secondOfDay = start - startDay * 86_400
        var date = CivilDate(daysSinceEpoch: startDay)
        var hour = Int(secondOfDay / 3600)
        var minute = Int(secondOfDay % 3600 / 60)
        let lastYear = date.year + CalendarSpec.searchYears
        while date.year <= lastYear {
            if !months.contains(date.month) {
                if let month = months.next(atOrAfter: date.month + 1) {
                    date = CivilDate(year: date.year, month: month, day: 1)
                } else {
                    date = CivilDate(year: date.year + 1, month: firstMonth, day: 1)
                }
                (hour, minute) = (firstHour, 0)
                continue
            }
            if !matchesDay(date, weekday: date.weekday) {
                date = date.advanced()
                (hour, minute) = (firstHour, 0)
                continue
            }
            if !hours.contains(hour) {
                guard let next = hours.next(atOrAfter: hour + 1) else {
                    date = date.advanced()
                    (hour, minute) = (firstHour, 0)
                    continue
                }
                (hour, minute) = (next, 0)
            }
            if let found = minutes.next(atOrAfter: minute) {
                return CalendarSpec.seconds(date, hour: hour, minute: found)
            }
            if let next = hours.next(atOrAfter: hour + 1) {
                (hour, minute) = (next, 0)
            } else {
                date = date.advanced()
                (hour, minute) = (firstHour, 0)
            }
        }
        return nil
    }

    /// The last slot at or before `start`, a whole minute, in Unix seconds.
    func lastSlot(atOrBefore start: Int64) -> Int64? {
        guard isSatisfiable, let lastMonth = months.last, let lastHour = hours.last else { return nil }
        let startDay = floorDiv(start, 86_400)
        let secondOfDay = start - startDay * 86_400
        var date = CivilDate(daysSinceEpoch: startDay)
        var hour = Int(secondOfDay / 3600)
        var minute = Int(secondOfDay % 3600 / 60)
        let firstYear = date.year - CalendarSpec.searchYears
        while date.year >= firstYear {
            if !months.contains(date.month) {
                let (year, month) =
                    months.previous(atOrBefore: date.month - 1).map { (date.year, $0) }
                    ?? (date.year - 1, lastMonth)
                date = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
                (hour, minute) = (lastHour, 59)
                continue
            }
            if !matchesDay(date, weekday: date.weekday) {
                date = date.retreated()
                (hour, minute) = (lastHour, 59)
                continue
            }
            if !hours.contains(hour) {
                guard let previous = hours.previous(atOrBefore: hour - 1) else {
                    date = date.retreated()
                    (hour, minute) = (lastHour, 59)
                    continue
                }
                (hour, minute) = (previous, 59)
            }
            if let found = minutes.previous(atOrBefore: minute) {
                return CalendarSpec.seconds(date, hour: hour, minute: found)
            }
            if let previous = hours.previous(atOrBefore: hour - 1) {
                (hour, minute) = (previous, 59)
            } else {
                date = date.retreated()
                (hour, minute) = (lastHour, 59)
            }
        }
        return nil
    }

    /// Unix seconds of `date` at `hour`:`minute`:00 UTC.
    static func seconds(_ date: CivilDate, hour: Int, minute: Int) -> Int64 {
        date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60)
    }
}
