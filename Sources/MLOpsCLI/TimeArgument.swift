import ArgumentParser
import Foundation
import MLOpsStore

/// Durations and instants on the command line: `90s`, `30m`, `24h`, `7d`, `2w` for durations;
/// Unix milliseconds, ISO 8601 (`2026-11-25T09:00:00Z`) or `now` for instants.
enum TimeArgument {
    /// A duration in seconds from `7d`-style text; nil when it is not one.
    static func seconds(_ text: String) -> Int? { MLOpsStore.Clock.durationSeconds(text) }

    /// An instant in Unix milliseconds; `relativeTo` minus a duration when the text is one.
    static func instant(_ text: String, option: String, now: Int64) throws -> Int64 {
        if text == "now" { return now }
        if let seconds = seconds(text) { return now - Int64(seconds) * 1000 }
        if let ms = Int64(text) { return ms }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        throw ValidationError(
            "\(option) '\(text)' is not a time: use a duration back from now (90s, 30m, 24h, 7d, 2w), Unix milliseconds, an ISO 8601 time or 'now'")
    }
}
