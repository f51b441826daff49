/// Formatting and parsing of ISO-8601 UTC timestamps as `Int64` Unix seconds or milliseconds.
public enum UTCTime {
    /// `t` (Unix seconds) as `YYYY-MM-DDTHH:MM:SSZ`, such as `2026-11-25T12:00:00Z`.
    public static func iso8601(_ t: Int64) -> String {
        let day = floorDiv(t, 86_400)
        let second = Int(t - day * 86_400)
        let date = CivilDate(daysSinceEpoch: day)
        let year = date.year < 0 ? "-" + pad(-date.year, 4) : pad(date.year, 4)
        return "\(year)-\(pad(date.month))-\(pad(date.day))T"
            + "\(pad(second / 3600)):\(pad(second % 3600 / 60)):\(pad(second % 60))Z"
    }

    /// `2026-11-25T07:30:00.123Z` for Unix milliseconds (always three fraction digits).
    public static func iso8601Milliseconds(_ milliseconds: Int64) -> String {
        let seconds = floorDiv(milliseconds, 1000)
        return String(iso8601(seconds).dropLast()) + "." + pad(Int(milliseconds - seconds * 1000), 3) + "Z"
    }

    /// Unix milliseconds as a UTC date and time of day.
    public static func parts(milliseconds: Int64) -> (year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = floorDiv(milliseconds, 1000)
        let day = floorDiv(seconds, 86_400)
        let secondOfDay = Int(seconds - day * 86_400)
        let date = CivilDate(daysSinceEpoch: day)
        return (date.year, date.month, date.day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    /// `2026-11-25 07:30 UTC` for Unix milliseconds: a time for people (reports, pages, tables).
    public static func minutes(milliseconds: Int64) -> String {
        let t = parts(milliseconds: milliseconds)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day)) \(pad(t.hour)):\(pad(t.minute)) UTC"
    }

    /// `2026-11-25 07:30:00Z` for Unix milliseconds: seconds precision, for tables.
    public static func seconds(milliseconds: Int64) -> String {
        String(iso8601(floorDiv(milliseconds, 1000)).map { $0 == "T" ? " " : $0 })
    }

    /// Parses an ISO 8601 time as `parseISO8601` does, also with a fraction of a second
    /// (`2026-11-25T12:00:00.250Z`), to Unix milliseconds; nil when the text is not one.
    public static func parseISO8601Milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count > 20, bytes[19] == 0x2E else { return parseISO8601(text).map { $0 * 1000 } }
        var end = 20
        var fraction: Int64 = 0
        var scale: Int64 = 1000
        while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 {
            if scale > 1 {
                scale /= 10
                fraction += Int64(bytes[end] - 0x30) * scale
            }
            end += 1
        }
        guard end > 20, let whole = parseISO8601(String(decoding: bytes[..<19] + bytes[end...], as: UTF8.self)) else { return nil }
        return whole * 1000 + fraction
    }

    /// Parses `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM[:SS]` followed by nothing, `Z` or
    /// an offset `±HH:MM` (converted to UTC; text without a suffix is read as UTC). The `T` may
    /// also be a space. Returns `nil` for anything else, including impossible dates such as
    /// `2025-02-29`.
    public static func parseISO8601(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        guard s.count >= 10, s[4] == 0x2D, s[7] == 0x2D,
            let year = number(s, 0, 4), let month = number(s, 5, 2), let day = number(s, 8, 2),
            (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: Int64(year))
        else { return nil }
        let days = CivilDate(year: Int64(year), month: month, day: day).daysSinceEpoch
        if s.count == 10 { return days * 86_400 }
        guard s.count >= 16, s[10] == 0x54 || s[10] == 0x20, s[13] == 0x3A,
            let hour = number(s, 11, 2), let minute = number(s, 14, 2), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < s.count, s[index] == 0x3A {
            guard let value = number(s, 17, 2), value < 60 else { return nil }
            second = value
            index = 19
        }
        guard let offset = offsetSeconds(s[index...]) else { return nil }
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offset
    }

    /// The UTC offset suffix in seconds: empty or `Z` is 0, `±HH:MM` its signed value.
    private static func offsetSeconds(_ s: ArraySlice<UInt8>) -> Int64? {
        if s.isEmpty || (s.count == 1 && s.first == 0x5A) { return 0 }
        let start = s.startIndex
        guard s.count == 6, s[start] == 0x2B || s[start] == 0x2D, s[start + 3] == 0x3A,
            let hours = number(Array(s), 1, 2), let minutes = number(Array(s), 4, 2),
            hours < 24, minutes < 60
        else { return nil }
        let value = Int64(hours * 3600 + minutes * 60)
        return s[start] == 0x2D ? -value : value
    }

    /// The decimal number in `s[start ..< start + length]`, if those bytes exist and are all digits.
    private static func number(_ s: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= s.count else { return nil }
        var value = 0
        for byte in s[start..<(start + length)] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    private static func pad<T: BinaryInteger>(_ value: T, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
