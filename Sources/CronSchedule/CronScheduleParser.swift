/// Turns schedule text into a ``CronSchedule/Kind`` and its normalized description.
enum CronScheduleParser {
    /// The five-field equivalents of the `@` macros.
    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Minutes per `every` unit.
    static let unitMinutes: [String: Int64] = ["m": 1, "h": 60, "d": 1440, "w": 10_080]

    /// Parses `text` into what it denotes and its normalized spelling.
    static func parse(_ text: String) throws(CronError) -> (CronSchedule.Kind, String) {
        let words = text.lowercased().split(whereSeparator: { $0.isWhitespace })
        let normalized = words.joined(separator: " ")
        guard let head = words.first else { throw .empty }
        if head.hasPrefix("@") {
            guard words.count == 1, let fields = macros[normalized] else {
                throw .unknownMacro(expression: normalized, macro: normalized)
            }
            let spec = try CalendarSpec(fields: fields.split(separator: " "), expression: normalized)
            return (.calendar(spec), normalized)
        }
        if head == "every" {
            return try interval(words.dropFirst().joined(), expression: normalized)
        }
        guard words.count == 5 else { throw .fieldCount(expression: normalized, count: words.count) }
        return (.calendar(try CalendarSpec(fields: words, expression: normalized)), normalized)
    }

    /// Parses the `<n><unit>` of an `every` expression (spaces between them already removed).
    private static func interval(_ amountAndUnit: String, expression: String) throws(CronError)
        -> (CronSchedule.Kind, String)
    {
        let digits = amountAndUnit.prefix(while: { $0.isASCII && $0.isNumber })
        let unit = String(amountAndUnit.dropFirst(digits.count))
        guard !digits.isEmpty, !unit.isEmpty, unit.allSatisfy({ $0.isLetter }) else {
            throw .malformedInterval(expression: expression)
        }
        guard let minutesPerUnit = unitMinutes[unit] else {
            throw .unsupportedIntervalUnit(expression: expression, unit: unit)
        }
        let trimmed = digits.drop(while: { $0 == "0" })
        guard !trimmed.isEmpty else { throw .intervalTooShort(expression: expression) }
        guard trimmed.count <= 10, let amount = Int64(trimmed),
            amount * minutesPerUnit <= CronSchedule.maximumIntervalMinutes
        else {
            throw .intervalTooLong(expression: expression)
        }
        return (.interval(amount * minutesPerUnit * 60), "every \(amount)\(unit)")
    }
}
