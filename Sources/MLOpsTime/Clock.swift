import Foundation

/// Wall-clock time as the platform keeps it: Unix milliseconds, shown in ISO 8601 UTC.
public enum Clock {
    /// Now, in Unix milliseconds.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// `2026-11-25T07:30:00.123Z` for a Unix-millisecond time (always three fraction digits).
    public static func iso8601(milliseconds: Int64) -> String {
        UTCTime.iso8601Milliseconds(milliseconds)
    }
}
