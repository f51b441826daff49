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
}
