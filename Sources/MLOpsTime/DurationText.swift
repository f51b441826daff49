/// The one duration notation of every surface (CLI options, query strings, JSON bodies, pipeline
/// files): a non-negative integer followed by one unit, `s` (seconds), `m` (minutes), `h` (hours), `d` (days) or `w` (weeks) — `90s`, `30m`, `2h`,
/// `7d`, `1w`. Combined forms (`1h30m`) and fractions (`1.5h`) are not part of the notation.
public enum DurationText {
    /// Seconds per unit letter.
    public static let unitSeconds: [Character: Int64] = [
        "s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800,
    ]

    /// The number of seconds `text` stands for, or nil when it is not a duration (no unit, an
    /// unknown unit, a sign, a fraction, surrounding spaces, or more seconds than `Int64` holds).
    public static func parseDuration(_ text: String) -> Int64? {
        guard let unit = text.last, let perUnit = unitSeconds[unit] else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int64(digits)
        else { return nil }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: perUnit)
        return overflow ? nil : seconds
    }

    /// A duration that must be more than nothing (a hold, a range back from now, a flush
    /// interval): `parseDuration`'s seconds when above 0, else nil (`0s`, `0m` are refused).
    public static func parsePositive(_ text: String) -> Int64? {
        parseDuration(text).flatMap { $0 > 0 ? $0 : nil }
    }

    /// How the notation is described in errors.
    public static let examples = "a duration such as 90s, 30m, 2h, 7d or 1w"

    /// The shortest text for `seconds` in the largest unit that divides it exactly
    /// (`format(5_400)` is `"90m"`, `format(604_800)` is `"1w"`); `"0s"` for zero.
    public static func format(_ seconds: Int64) -> String {
        guard seconds != 0 else { return "0s" }
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3_600), ("m", 60)]
        where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
