import Foundation
import Logging
import MLOpsStore
import MLOpsTime

/// Folds the prediction log and feedback into hourly `performance_windows` and
/// `performance_bins`, keeping a watermark: each pass counts what became complete in
/// [watermark, now − lag) — predictions by `created_at`, prediction–label pairs by the later of
/// the prediction's time and the label's first arrival (`first_received_at`) — adds it to the
/// windows of the predictions' hours, and moves the watermark, all in one transaction per chunk.
/// So a late label updates its prediction's window, a label that arrived before its prediction
/// is counted once both are there, and a fold that runs twice (or on two workers at once: the
/// watermark row is locked) counts nothing twice. The lag must exceed how late a prediction can
/// reach the store after its `created_at` (the log flushes every 0.25 s; default 5 minutes).
/// A label corrected after its row was folded is not counted again.
public struct PerformanceAggregator: Sendable {
    public static let windowMilliseconds: Int64 = 3_600_000
    /// The default lag behind now.
    public static let defaultLagMilliseconds: Int64 = 300_000
    /// Completion time covered per transaction.
    static let chunkMilliseconds: Int64 = 6 * 3_600_000
    static let watermarkName = "performance"

    public let database: SQLDatabase
    public let lagMilliseconds: Int64
    let logger: Logger

    public init(
        database: SQLDatabase, lagMilliseconds: Int64 = PerformanceAggregator.defaultLagMilliseconds,
        logger: Logger = Logger(label: "mlops.performance")
    ) {
        self.database = database
        self.lagMilliseconds = max(0, lagMilliseconds)
        self.logger = logger
    }

    /// What one fold did.
    public struct FoldResult: Sendable, Equatable, Encodable {
        /// The watermark before and after (Unix ms).
        public var from: Int64
        public var to: Int64
        /// Predictions and prediction–label pairs counted.
        public var predictions: Int
        public var labels: Int
    }

    /// Folds everything completed before `now − lag` that is not yet counted.
    @discardableResult
    public func fold(now: Int64) throws -> FoldResult {
        let end = now - lagMilliseconds
        var total = FoldResult(from: try watermark() ?? end, to: end, predictions: 0, labels: 0)
        var first = true
        while true {
            let step = try database.transaction { connection -> FoldResult? in
                let start = try lockWatermark(connection)
                if first { total.from = start ?? total.from }
                guard let start, start < end else { return nil }
                let chunkEnd = min(end, start + Self.chunkMilliseconds)
                return try foldChunk(connection, from: start, to: chunkEnd, now: now)
            }
            first = false
            guard let step else { break }
            total.predictions += step.predictions
            total.labels += step.labels
            total.to = step.to
        }
        total.to = max(total.to, try watermark() ?? total.to)
        if total.predictions > 0 || total.labels > 0 {
            logger.info(
                "folded performance",
                metadata: ["predictions": "\(total.predictions)", "labels": "\(total.labels)", "until": "\(UTCTime.iso8601(total.to / 1000))"])
        }
        return total
    }

    /// The watermark (Unix ms), nil before the first fold.
    public func watermark() throws -> Int64? {
        try database.withConnection { connection in
            try connection.queryFirst("SELECT folded_until FROM performance_watermark WHERE name = $1", [.text(Self.watermarkName)])?
                .int64("folded_until")
        }
    }

    /// Locks the watermark row (creating it at the oldest prediction or label when missing) and
    /// returns it; nil when there is nothing to fold at all.
    private func lockWatermark(_ connection: SQLConnection) throws -> Int64? {
        let lock = connection.dialect == .postgres ? " FOR UPDATE" : ""
        let select = "SELECT folded_until FROM performance_watermark WHERE name = $1" + lock
        if let row = try connection.queryFirst(select, [.text(Self.watermarkName)]) { return try row.int64("folded_until") }
        let oldest = try connection.queryFirst(
            """
            SELECT MIN(t) AS t FROM (
              SELECT MIN(created_at) AS t FROM predictions UNION ALL SELECT MIN(first_received_at) AS t FROM feedback) AS times
            """, [])?.optionalInt("t")
        guard let oldest else { return nil }
        try connection.execute(
            "INSERT INTO performance_watermark (name, folded_until, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            [.text(Self.watermarkName), .int(Int64(oldest)), .int(Clock.nowMilliseconds())])
        return try connection.queryFirst(select, [.text(Self.watermarkName)])?.int64("folded_until")
    }

    struct Key: Hashable {
        var model: String
        var version: Int
        var arm: String
        var windowStart: Int64
    }

    /// Counts [start, end) and moves the watermark to `end`.
    private func foldChunk(_ connection: SQLConnection, from start: Int64, to end: Int64, now: Int64) throws -> FoldResult {
        var counts: [Key: WindowCounts] = [:]
        var predictions = 0
        var labels = 0
        func key(_ row: SQLRow) throws -> Key {
            let created = try row.int64("created_at")
            return Key(
                model: try row.string("model"), version: try row.int("version"), arm: try row.string("arm"),
                windowStart: created - created % Self.windowMilliseconds)
        }
        // Predictions made in the range, with a label that arrived before its end: counted
        // now, pair included.
        let made = try connection.query(
            """
            SELECT p.model, p.version, p.arm, p.score, p.created_at, f.label, f.first_received_at
            FROM predictions p LEFT JOIN feedback f ON f.request_id = p.request_id AND f.row_index = p.row_index
            WHERE p.created_at >= $1 AND p.created_at < $2
            """, [.int(start), .int(end)])
        for row in made {
            let k = try key(row)
            let score = try row.double("score")
            counts[k, default: WindowCounts()].addScored(score)
            predictions += 1
            if let first = try row.optionalInt("first_received_at"), Int64(first) < end {
                counts[k, default: WindowCounts()].addLabelled(score, label: try row.double("label"))
                labels += 1
            }
        }
        // Labels that first arrived in the range for predictions made before it.
        let late = try connection.query(
            """
            SELECT p.model, p.version, p.arm, p.score, p.created_at, f.label
            FROM feedback f JOIN predictions p ON p.request_id = f.request_id AND p.row_index = f.row_index
            WHERE f.first_received_at >= $1 AND f.first_received_at < $2 AND p.created_at < $1
            """, [.int(start), .int(end)])
        for row in late {
            counts[try key(row), default: WindowCounts()].addLabelled(try row.double("score"), label: try row.double("label"))
            labels += 1
        }
        try PerformanceStore.add(counts, connection: connection, now: now)
        try connection.execute(
            "UPDATE performance_watermark SET folded_until = $1, updated_at = $2 WHERE name = $3",
            [.int(end), .int(now), .text(Self.watermarkName)])
        return FoldResult(from: start, to: end, predictions: predictions, labels: labels)
    }
}
