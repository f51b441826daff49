import ArgumentParser
import MLOpsTime

/// Durations and instants on the command line, in the notation of every surface
/// (`DurationText`, `InstantText`), refused as usage errors naming the option.
enum TimeArgument {
    /// A positive duration in seconds from `7d`-style text; nil when it is not one.
    static func seconds(_ text: String) -> Int? { DurationText.parsePositive(text).flatMap { Int(exactly: $0) } }

    /// An instant in Unix milliseconds (`now`, a duration back from `now`, Unix ms, ISO 8601).
    static func instant(_ text: String, option: String, now: Int64) throws -> Int64 {
        guard let instant = InstantText.parse(text, now: now) else {
            throw ValidationError("\(option) '\(text)' is not a time: use \(InstantText.examples)")
        }
        return instant
    }
}
