import Foundation

/// Wall-clock helpers; the store keeps times as Unix milliseconds.
public enum Clock {
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// `2026-11-25T07:30:00.123Z` for a Unix-millisecond time.
    public static func iso8601(milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Seconds in a duration written `90s`, `30m`, `24h`, `7d` or `2w`; nil when the text is not one.
    public static func durationSeconds(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last, let scale = units[unit], let amount = Int(text.dropLast()), amount > 0 else { return nil }
        let (product, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}
