/// The one notation of instants on every surface (CLI options such as `--since`, query strings
/// such as `?since=`): `now`, a duration back from now (`90s`, `30m`, `24h`, `7d`, `2w`), Unix
/// milliseconds, or an ISO 8601 time (`2026-11-25T09:00:00Z`, with a fraction or an offset).
public enum InstantText {
    /// How the notation is described in errors.
    public static let examples = "a duration back from now (90s, 30m, 24h, 7d, 2w), Unix milliseconds, an ISO 8601 time or 'now'"

    /// The instant `text` stands for, in Unix milliseconds, relative to `now`; nil when it is
    /// none of the forms.
    public static func parse(_ text: String, now: Int64) -> Int64? {
        if text == "now" { return now }
        if let seconds = DurationText.parsePositive(text) {
            let (back, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            let (instant, underflow) = now.subtractingReportingOverflow(back)
            return overflow || underflow ? nil : instant
        }
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return Int64(text) }
        return UTCTime.parseISO8601Milliseconds(text)
    }
}
