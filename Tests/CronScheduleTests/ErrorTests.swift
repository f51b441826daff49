import CronSchedule
import Testing

@Suite struct ErrorTests {
    @Test(
        arguments: [
            (
                "0 25 * * *", CronError.outOfRange(expression: "0 25 * * *", field: .hour, value: "25"),
                "cron \"0 25 * * *\": hour 25 is out of range 0-23"
            ),
            (
                "60 * * * *", .outOfRange(expression: "60 * * * *", field: .minute, value: "60"),
                "minute 60 is out of range 0-59"
            ),
            (
                "0 0 0 * *", .outOfRange(expression: "0 0 0 * *", field: .dayOfMonth, value: "0"),
                "day-of-month 0 is out of range 1-31"
            ),
            (
                "0 0 1 13 *", .outOfRange(expression: "0 0 1 13 *", field: .month, value: "13"),
                "month 13 is out of range 1-12"
            ),
            (
                "0 0 * * 8", .outOfRange(expression: "0 0 * * 8", field: .dayOfWeek, value: "8"),
                "day-of-week 8 is out of range 0-7"
            ),
            (
                "0 0-99999999999999999999 * * *",
                .outOfRange(expression: "0 0-99999999999999999999 * * *", field: .hour, value: "99999999999999999999"),
                "hour 99999999999999999999 is out of range"
            ),
            (
                "* * *", .fieldCount(expression: "* * *", count: 3),
                "cron \"* * *\": expected 5 fields (minute hour day-of-month month day-of-week), got 3"
            ),
            ("0 0 * * * *", .fieldCount(expression: "0 0 * * * *", count: 6), "got 6"),
            (
                "@fortnightly", .unknownMacro(expression: "@fortnightly", macro: "@fortnightly"),
                "unknown macro @fortnightly"
            ),
            ("@daily 5", .unknownMacro(expression: "@daily 5", macro: "@daily 5"), "unknown macro @daily 5"),
            ("every 0d", .intervalTooShort(expression: "every 0d"), "every 0d\": the interval must be at least 1 minute"),
            ("every 90s", .unsupportedIntervalUnit(expression: "every 90s", unit: "s"), "interval unit \"s\""),
            ("every 7x", .unsupportedIntervalUnit(expression: "every 7x", unit: "x"), "interval unit \"x\""),
            ("every 3651d", .intervalTooLong(expression: "every 3651d"), "at most 3650d"),
            ("every 99999999999999999999w", .intervalTooLong(expression: "every 99999999999999999999w"), "at most"),
            ("every", .malformedInterval(expression: "every"), "expected \"every <n><unit>\""),
            ("every d", .malformedInterval(expression: "every d"), "expected \"every <n><unit>\""),
            ("every 1.5h", .malformedInterval(expression: "every 1.5h"), "expected \"every <n><unit>\""),
            (
                "*/0 * * * *", .invalidStep(expression: "*/0 * * * *", field: .minute, token: "*/0"),
                "minute step in \"*/0\" must be a whole number from 1 to 59"
            ),
            ("0 */x * * *", .invalidStep(expression: "0 */x * * *", field: .hour, token: "*/x"), "hour step in \"*/x\""),
            ("0 */24 * * *", .invalidStep(expression: "0 */24 * * *", field: .hour, token: "*/24"), "from 1 to 23"),
            ("1/2/3 * * * *", .invalidStep(expression: "1/2/3 * * * *", field: .minute, token: "1/2/3"), "\"1/2/3\""),
            (
                "5-2 * * * *", .reversedRange(expression: "5-2 * * * *", field: .minute, token: "5-2"),
                "minute range 5-2 is reversed"
            ),
            (
                "0 0 * dec-jan *", .reversedRange(expression: "0 0 * dec-jan *", field: .month, token: "dec-jan"),
                "month range dec-jan is reversed"
            ),
            ("x * * * *", .invalidValue(expression: "x * * * *", field: .minute, token: "x"), "minute \"x\" is not a valid value"),
            ("0 0 * foo *", .invalidValue(expression: "0 0 * foo *", field: .month, token: "foo"), "a name jan-dec"),
            (
                "0 0 * * funday", .invalidValue(expression: "0 0 * * funday", field: .dayOfWeek, token: "funday"),
                "a name sun-sat"
            ),
            ("0 0 mon * *", .invalidValue(expression: "0 0 mon * *", field: .dayOfMonth, token: "mon"), "day-of-month \"mon\""),
            ("1,,2 * * * *", .invalidValue(expression: "1,,2 * * * *", field: .minute, token: ""), "minute \"\""),
            ("1-2-3 * * * *", .invalidValue(expression: "1-2-3 * * * *", field: .minute, token: "1-2-3"), "\"1-2-3\""),
            ("-5 * * * *", .invalidValue(expression: "-5 * * * *", field: .minute, token: ""), "minute \"\""),
            ("+5 * * * *", .invalidValue(expression: "+5 * * * *", field: .minute, token: "+5"), "minute \"+5\""),
            ("   ", .empty, "the schedule is empty"),
        ] as [(String, CronError, String)])
    func rejectsWithAMessageNamingTheFault(_ input: String, _ expected: CronError, _ fragment: String) {
        do {
            let schedule = try CronSchedule(parsing: input)
            Issue.record("\(input) parsed as \(schedule)")
        } catch {
            #expect(error == expected)
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test func messagesQuoteTheNormalizedExpression() {
        #expect(throws: CronError.outOfRange(expression: "0 25 * * *", field: .hour, value: "25")) {
            try CronSchedule(parsing: "  0  25 * *   * ")
        }
    }
}
