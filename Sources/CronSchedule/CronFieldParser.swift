/// Parses one field of a five-field cron expression into the set of values it allows.
///
/// Grammar per comma-separated element: `*`, `n`, `a-b`, `*/s`, `a-b/s` or `a/s` (`a` through the
/// field's maximum, every `s`). Month and weekday names are accepted wherever a number is.
/// In the day-of-week field, 7 means Sunday like 0, and a range ending at Sunday (`fri-sun`, `5-0`)
/// runs through 7.
enum CronFieldParser {
    /// The values `text` allows in `field`; `expression` is quoted in errors.
    static func parse(_ text: Substring, field: CronField, expression: String) throws(CronError) -> ValueSet {
        var set = ValueSet()
        for element in text.split(separator: ",", omittingEmptySubsequences: false) {
            try insert(element, into: &set, field: field, expression: expression)
        }
        if field == .dayOfWeek && set.contains(7) {
            set.remove(7)
            set.insert(0)
        }
        return set
    }

    /// Adds the values of one list element to `set`.
    private static func insert(
        _ element: Substring, into set: inout ValueSet, field: CronField,
        expression: String
    ) throws(CronError) {
        let pieces = element.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else {
            throw .invalidStep(expression: expression, field: field, token: String(element))
        }
        var step = 1
        if pieces.count == 2 {
            guard isDigits(pieces[1]), let s = Int(pieces[1]), (1...field.range.upperBound).contains(s) else {
                throw .invalidStep(expression: expression, field: field, token: String(element))
            }
            step = s
        }
        let base = pieces[0]
        let lower: Int
        let upper: Int
        if base == "*" {
            lower = field.range.lowerBound
            upper = field.range.upperBound
        } else if base.contains("-") {
            let ends = base.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2 else {
                throw .invalidValue(expression: expression, field: field, token: String(element))
            }
            lower = try value(ends[0], field: field, expression: expression)
            var end = try value(ends[1], field: field, expression: expression)
            if field == .dayOfWeek && end == 0 && lower > 0 { end = 7 }
            guard lower <= end else {
                throw .reversedRange(expression: expression, field: field, token: String(base))
            }
            upper = end
        } else {
            lower = try value(base, field: field, expression: expression)
            upper = pieces.count == 2 ? field.range.upperBound : lower
        }
        for v in stride(from: lower, through: upper, by: step) { set.insert(v) }
    }

    /// A single number or name of `field`.
    private static func value(_ token: Substring, field: CronField, expression: String) throws(CronError) -> Int {
        if isDigits(token) {
            guard let v = Int(token), field.range.contains(v) else {
                throw .outOfRange(expression: expression, field: field, value: String(token))
            }
            return v
        }
        if let v = field.names[token.lowercased()] { return v }
        throw .invalidValue(expression: expression, field: field, token: String(token))
    }

    /// Whether `text` is one or more ASCII digits.
    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
