import Foundation
import MLOpsStore

/// Reads and adds to the performance tables (`performance_windows`, `performance_bins`).
public struct PerformanceStore: Sendable {
    public let database: SQLDatabase

    public init(database: SQLDatabase) {
        self.database = database
    }

    /// One stored window of one version's arm.
    public struct Window: Sendable {
        public var version: Int
        public var arm: String
        public var start: Int64
        public var counts: WindowCounts
    }

    /// The windows of `model` (one version, or all) starting in [from, to), oldest first; with
    /// `bins` false their score histograms are left empty (one row per bin is by far the most
    /// to read; `binTotals` sums them per series in the store instead).
    public func windows(model: String, version: Int?, from: Int64, to: Int64, bins: Bool = true) throws -> [Window] {
        try database.withConnection { connection in
            let versionFilter = version == nil ? "" : " AND version = $4"
            var parameters: [SQLValue] = [.text(model), .int(from), .int(to)]
            if let version { parameters.append(.int(Int64(version))) }
            var windows: [PerformanceAggregator.Key: WindowCounts] = [:]
            for row in try connection.query(
                """
                SELECT version, arm, window_start, rows, score_sum, entropy_sum, labelled, clicks, labelled_score_sum, log_loss_sum, log_loss_squares
                FROM performance_windows WHERE model = $1 AND window_start >= $2 AND window_start < $3\(versionFilter)
                """, parameters)
            {
                var counts = WindowCounts()
                counts.rows = try row.int("rows")
                counts.scoreSum = try row.double("score_sum")
                counts.entropySum = try row.double("entropy_sum")
                counts.labelled = try row.int("labelled")
                counts.clicks = try row.double("clicks")
                counts.labelledScoreSum = try row.double("labelled_score_sum")
                counts.logLossSum = try row.double("log_loss_sum")
                counts.logLossSquares = try row.double("log_loss_squares")
                windows[try Self.key(model, row)] = counts
            }
            guard bins else { return Self.sorted(windows) }
            for row in try connection.query(
                """
                SELECT version, arm, window_start, bin, positives, negatives, scored, score_sum
                FROM performance_bins WHERE model = $1 AND window_start >= $2 AND window_start < $3\(versionFilter)
                """, parameters)
            {
                let key = try Self.key(model, row)
                let bin = try row.int("bin")
                guard (0..<ScoreBins.count).contains(bin), windows[key] != nil else { continue }
                windows[key]!.positives[bin] += try row.double("positives")
                windows[key]!.negatives[bin] += try row.double("negatives")
                windows[key]!.scored[bin] += try row.double("scored")
                windows[key]!.binScoreSum[bin] += try row.double("score_sum")
            }
            return Self.sorted(windows)
        }
    }

    static func sorted(_ windows: [PerformanceAggregator.Key: WindowCounts]) -> [Window] {
        windows.map { Window(version: $0.key.version, arm: $0.key.arm, start: $0.key.windowStart, counts: $0.value) }
            .sorted { ($0.start, $0.version, $0.arm) < ($1.start, $1.version, $1.arm) }
    }

    /// The score histograms of every version's arm over windows starting in [from, to), summed
    /// by the store; only the bin arrays of each `WindowCounts` are set.
    public func binTotals(model: String, version: Int?, from: Int64, to: Int64) throws -> [SeriesKey: WindowCounts] {
        try database.withConnection { connection in
            let versionFilter = version == nil ? "" : " AND version = $4"
            var parameters: [SQLValue] = [.text(model), .int(from), .int(to)]
            if let version { parameters.append(.int(Int64(version))) }
            var totals: [SeriesKey: WindowCounts] = [:]
            for row in try connection.query(
                """
                SELECT version, arm, bin, SUM(positives) AS positives, SUM(negatives) AS negatives, SUM(scored) AS scored,
                       SUM(score_sum) AS score_sum
                FROM performance_bins WHERE model = $1 AND window_start >= $2 AND window_start < $3\(versionFilter)
                GROUP BY version, arm, bin
                """, parameters)
            {
                let key = SeriesKey(version: try row.int("version"), arm: try row.string("arm"))
                let bin = try row.int("bin")
                guard (0..<ScoreBins.count).contains(bin) else { continue }
                totals[key, default: WindowCounts()].positives[bin] = try row.double("positives")
                totals[key, default: WindowCounts()].negatives[bin] = try row.double("negatives")
                totals[key, default: WindowCounts()].scored[bin] = try row.double("scored")
                totals[key, default: WindowCounts()].binScoreSum[bin] = try row.double("score_sum")
            }
            return totals
        }
    }

    /// One version's arm.
    public struct SeriesKey: Hashable, Sendable {
        public var version: Int
        public var arm: String
    }

    static func key(_ model: String, _ row: SQLRow) throws -> PerformanceAggregator.Key {
        PerformanceAggregator.Key(
            model: model, version: try row.int("version"), arm: try row.string("arm"), windowStart: try row.int64("window_start"))
    }

    /// Adds `counts` to their windows (inside the caller's transaction).
    static func add(_ counts: [PerformanceAggregator.Key: WindowCounts], connection: SQLConnection, now: Int64) throws {
        for (key, c) in counts {
            let identity: [SQLValue] = [.text(key.model), .int(Int64(key.version)), .text(key.arm), .int(key.windowStart)]
            try connection.execute(
                """
                INSERT INTO performance_windows
                  (model, version, arm, window_start, rows, score_sum, entropy_sum, labelled, clicks, labelled_score_sum, log_loss_sum,
                   log_loss_squares, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                ON CONFLICT (model, version, arm, window_start) DO UPDATE SET
                  rows = performance_windows.rows + excluded.rows,
                  score_sum = performance_windows.score_sum + excluded.score_sum,
                  entropy_sum = performance_windows.entropy_sum + excluded.entropy_sum,
                  labelled = performance_windows.labelled + excluded.labelled,
                  clicks = performance_windows.clicks + excluded.clicks,
                  labelled_score_sum = performance_windows.labelled_score_sum + excluded.labelled_score_sum,
                  log_loss_sum = performance_windows.log_loss_sum + excluded.log_loss_sum,
                  log_loss_squares = performance_windows.log_loss_squares + excluded.log_loss_squares,
                  updated_at = excluded.updated_at
                """,
                identity + [
                    .int(Int64(c.rows)), .double(c.scoreSum), .double(c.entropySum), .int(Int64(c.labelled)), .double(c.clicks),
                    .double(c.labelledScoreSum), .double(c.logLossSum), .double(c.logLossSquares), .int(now),
                ])
            let bins = (0..<ScoreBins.count).filter { c.positives[$0] != 0 || c.negatives[$0] != 0 || c.scored[$0] != 0 }
            guard !bins.isEmpty else { continue }
            _ = try connection.executeBatch(
                """
                INSERT INTO performance_bins (model, version, arm, window_start, bin, positives, negatives, scored, score_sum)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (model, version, arm, window_start, bin) DO UPDATE SET
                  positives = performance_bins.positives + excluded.positives,
                  negatives = performance_bins.negatives + excluded.negatives,
                  scored = performance_bins.scored + excluded.scored,
                  score_sum = performance_bins.score_sum + excluded.score_sum
                """,
                rows: bins.map { b in
                    identity + [
                        .int(Int64(b)), .int(Int64(c.positives[b])), .int(Int64(c.negatives[b])), .int(Int64(c.scored[b])), .double(c.binScoreSum[b]),
                    ]
                })
        }
    }
}
