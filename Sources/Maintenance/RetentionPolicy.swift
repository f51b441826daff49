import Foundation
import MLOpsTime

/// How long each table that grows with traffic or time keeps its rows: `MLOPS_RETENTION` and
/// `--retention` (`predictions=30d,feedback=30d,jobs=14d,drift=400d,logs=90d,performance=400d,notifications=90d`; durations from
/// `1m`; `off` keeps a table forever). Tables a text does not name keep their defaults.
public struct RetentionPolicy: Sendable, Equatable {
    /// A table (or family of tables) the pruner bounds.
    public enum Table: String, CaseIterable, Sendable, Codable {
        /// The prediction log (`predictions`, by `created_at`).
        case predictions
        /// Click feedback (`feedback`, by `received_at`).
        case feedback
        /// Finished jobs (`jobs` succeeded, discarded or cancelled, by `finished_at`).
        case jobs
        /// Live drift-count windows (`drift_counts`, by the window's end).
        case drift
        /// Log lines of finished pipeline runs (`pipeline_logs`, by `at`).
        case logs
        /// Realized-performance windows (`performance_windows` and `performance_bins`, by the
        /// window's end).
        case performance
        /// Notification events (`events`, by `created_at`, with their deliveries and attempts;
        /// never an event with a delivery still pending).
        case notifications
    }

    /// Seconds kept per table; a table missing here is kept forever.
    public var seconds: [Table: Int64]

    /// The defaults: a month of predictions and feedback (rollouts and performance read them),
    /// two weeks of finished jobs, 400 days of drift windows (a year against last year), 90 days
    /// of pipeline logs, performance windows as long as drift windows, 90 days of notifications.
    public static let defaults = RetentionPolicy(seconds: [
        .predictions: 30 * 86_400, .feedback: 30 * 86_400, .jobs: 14 * 86_400, .drift: 400 * 86_400, .logs: 90 * 86_400,
        .performance: 400 * 86_400, .notifications: 90 * 86_400,
    ])

    /// A policy from its parts.
    public init(seconds: [Table: Int64]) {
        self.seconds = seconds
    }

    /// `base` with the settings in `text` (comma-separated `table=duration` or `table=off`).
    /// Throws naming the part that is wrong.
    public init(parsing text: String, base: RetentionPolicy = .defaults) throws(RetentionError) {
        var seconds = base.seconds
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, let table = Table(rawValue: pieces[0]) else {
                throw .invalid(
                    "'\(part)' is not table=duration; tables: \(Table.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if pieces[1] == "off" {
                seconds[table] = nil
                continue
            }
            guard let duration = DurationText.parseDuration(pieces[1]), duration >= 60 else {
                throw .invalid("'\(pieces[1])' for \(table.rawValue) is not a duration of at least 1m (such as 30d, 12h, 5m) or off")
            }
            seconds[table] = duration
        }
        self.seconds = seconds
    }

    /// The setting as text, in table order (`predictions=30d,…`; `off` for a table kept forever).
    public var text: String {
        Table.allCases.map { table in
            "\(table.rawValue)=" + (seconds[table].map(DurationText.format) ?? "off")
        }.joined(separator: ",")
    }
}

/// A retention setting that cannot be read.
public enum RetentionError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): "retention: \(message)"
        }
    }
}
