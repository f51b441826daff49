/// One of the five fields of a cron expression, in order: minute, hour, day of month, month and
/// day of week.
public enum CronField: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Minute of the hour, 0-59.
    case minute
    /// Hour of the day, 0-23.
    case hour
    /// Day of the month, 1-31.
    case dayOfMonth = "day-of-month"
    /// Month of the year, 1-12 or `jan`-`dec`.
    case month
    /// Day of the week, 0-7 (0 and 7 are Sunday) or `sun`-`sat`.
    case dayOfWeek = "day-of-week"

    /// The field's name as error messages spell it (`day-of-month`).
    public var description: String { rawValue }

    /// The values the field accepts as written (day of week accepts 7 as a second Sunday).
    public var range: ClosedRange<Int> {
        switch self {
        case .minute: return 0...59
        case .hour: return 0...23
        case .dayOfMonth: return 1...31
        case .month: return 1...12
        case .dayOfWeek: return 0...7
        }
    }

    /// Names accepted in place of numbers (`jan` = 1, `sun` = 0), lower-case; empty for numeric fields.
    var names: [String: Int] {
        switch self {
        case .month:
            return [
                "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
            ]
        case .dayOfWeek:
            return ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
        default:
            return [:]
        }
    }

    /// How error messages describe the accepted names (`" or a name jan-dec"`), or empty.
    var namesHint: String {
        switch self {
        case .month: return " or a name jan-dec"
        case .dayOfWeek: return " or a name sun-sat"
        default: return ""
        }
    }
}
