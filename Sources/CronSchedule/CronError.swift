/// Why a schedule expression was rejected. Every case carries the (whitespace-normalized,
/// lower-cased) expression, and `description` names the field and the value at fault.
public enum CronError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The expression is empty or only whitespace.
    case empty
    /// A cron expression without exactly five fields; `count` is how many there were.
    case fieldCount(expression: String, count: Int)
    /// A number outside the field's range, such as hour `25`.
    case outOfRange(expression: String, field: CronField, value: String)
    /// A list element that is neither a number, a name, a range nor a step, such as `x` or `1-2-3`.
    case invalidValue(expression: String, field: CronField, token: String)
    /// A step that is not a whole number from 1 to the field's maximum, such as `*/0`.
    case invalidStep(expression: String, field: CronField, token: String)
    /// A range whose start exceeds its end, such as `5-2`.
    case reversedRange(expression: String, field: CronField, token: String)
    /// An `@` macro other than `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
    /// `@midnight` and `@hourly`.
    case unknownMacro(expression: String, macro: String)
    /// An `every` expression that is not `every <n><unit>`.
    case malformedInterval(expression: String)
    /// An `every` expression with a unit other than `m`, `h`, `d` or `w` (seconds are not supported).
    case unsupportedIntervalUnit(expression: String, unit: String)
    /// An `every` interval shorter than one minute (`every 0m`).
    case intervalTooShort(expression: String)
    /// An `every` interval longer than ``CronSchedule/maximumIntervalMinutes``.
    case intervalTooLong(expression: String)

    /// A one-line message naming the expression, the field and the value at fault.
    public var description: String {
        switch self {
        case .empty:
            return "cron \"\": the schedule is empty; expected 5 fields (minute hour day-of-month month day-of-week), "
                + "a macro such as @daily, or an interval such as \"every 12h\""
        case .fieldCount(let expression, let count):
            return "cron \"\(expression)\": expected 5 fields (minute hour day-of-month month day-of-week), got \(count)"
        case .outOfRange(let expression, let field, let value):
            return "cron \"\(expression)\": \(field) \(value) is out of range "
                + "\(field.range.lowerBound)-\(field.range.upperBound)"
        case .invalidValue(let expression, let field, let token):
            return "cron \"\(expression)\": \(field) \"\(token)\" is not a valid value; expected *, a number "
                + "\(field.range.lowerBound)-\(field.range.upperBound)\(field.namesHint), a range a-b, "
                + "a step */n, a-b/n or a/n, or a comma-separated list of these"
        case .invalidStep(let expression, let field, let token):
            return "cron \"\(expression)\": \(field) step in \"\(token)\" must be a whole number "
                + "from 1 to \(field.range.upperBound)"
        case .reversedRange(let expression, let field, let token):
            return "cron \"\(expression)\": \(field) range \(token) is reversed; the start must not exceed the end"
        case .unknownMacro(let expression, let macro):
            return "cron \"\(expression)\": unknown macro \(macro); expected @yearly, @annually, @monthly, "
                + "@weekly, @daily, @midnight or @hourly"
        case .malformedInterval(let expression):
            return "cron \"\(expression)\": expected \"every <n><unit>\" with a positive whole number <n> and "
                + "<unit> m (minutes), h (hours), d (days) or w (weeks), such as \"every 12h\""
        case .unsupportedIntervalUnit(let expression, let unit):
            return "cron \"\(expression)\": interval unit \"\(unit)\" is not supported; use m (minutes), "
                + "h (hours), d (days) or w (weeks); the interval must be at least 1 minute"
        case .intervalTooShort(let expression):
            return "cron \"\(expression)\": the interval must be at least 1 minute"
        case .intervalTooLong(let expression):
            return "cron \"\(expression)\": the interval must be at most \(CronSchedule.maximumIntervalMinutes / 1440)d "
                + "(about 10 years)"
        }
    }
}
