import DriftMetrics
import MLOpsStore
import MLOpsTime

/// Live drift counts in the store (`drift_counts`): flushes add to per-window rows, reports sum
/// them over a time range. Both dialects run the same SQL.
public struct DriftCountStore: Sendable {
    /// The store.
    public let database: SQLDatabase

    /// A store over `database` (migrated).
    public init(database: SQLDatabase) {
        self.database = database
    }

    /// The longest window a flush may use (a day); it bounds the report's index range.
    public static let longestWindowSeconds = 86_400

    /// Rows per INSERT statement (9 parameters each).
    static let rowsPerStatement = 100

    /// Adds `counts` to the window starting at `windowStart` (Unix ms) in one transaction; zero
    /// slots are not written. Returns the rows upserted.
    @discardableResult
    public func add(
        _ counts: LiveCounts, model: String, version: Int, windowStart: Int64, windowSeconds: Int,
        at now: Int64 = Clock.nowMilliseconds()
    ) throws -> Int {
        precondition((1...Self.longestWindowSeconds).contains(windowSeconds), "a drift window lasts 1 s to 1 day")
        var rows: [[SQLValue]] = []
        func collect(_ series: SeriesCounts, subject: String, feature: String) {
            for bin in series.storedBins {
                let c = series[stored: bin]
                guard c != 0 else { continue }
                rows.append([
                    .text(model), .int(Int64(version)), .int(windowStart), .int(Int64(windowSeconds)),
                    .text(subject), .text(feature), .int(Int64(bin)), .int(Int64(c)), .int(now),
                ])
            }
        }
        for name in counts.features.keys.sorted() { collect(counts.features[name]!, subject: "feature", feature: name) }
        if let score = counts.score { collect(score, subject: "score", feature: "") }
        guard !rows.isEmpty else { return 0 }
        try database.transaction { connection in
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(rows.count, start + Self.rowsPerStatement)]
                _ = try connection.execute(Self.upsert(rows: chunk.count), chunk.flatMap { $0 })
                start += chunk.count
            }
        }
        return rows.count
    }

    /// `INSERT … VALUES ($1 … $9), ($10 … $18) … ON CONFLICT … DO UPDATE` adding to the count.
    static func upsert(rows: Int) -> String {
        """
        INSERT INTO drift_counts (model, version, window_start, window_seconds, subject, feature, bin, count, updated_at)
        VALUES \(SQLPlaceholders.tuples(rows: rows, columns: 9))
        ON CONFLICT (model, version, window_start, subject, feature, bin)
        DO UPDATE SET count = drift_counts.count + excluded.count, updated_at = excluded.updated_at
        """
    }

    /// The counts of the windows that overlap [from, to) (Unix ms), summed, in `profile`'s shape.
    /// Windows are counted whole: a range starting mid-window includes that window.
    /// A stored bin the profile does not have is an error (the counts belong to another profile).
    public func total(model: String, version: Int, from: Int64, to: Int64, profile: Profile) throws -> LiveCounts {
        let rows = try database.withConnection { connection in
            try connection.query(
                """
                SELECT subject, feature, bin, CAST(SUM(count) AS BIGINT) AS total
                FROM drift_counts
                WHERE model = $1 AND version = $2 AND window_start > $5 AND window_start < $4
                  AND window_start + window_seconds * 1000 > $3
                GROUP BY subject, feature, bin
                """, [.text(model), .int(Int64(version)), .int(from), .int(to), .int(from - Int64(Self.longestWindowSeconds) * 1000)])
        }
        var counts = LiveCounts(zerosFor: profile)
        for row in rows {
            try Self.place(row, into: &counts, model: model, version: version)
        }
        return counts
    }

    /// Per-window counts of the windows that overlap [from, to), oldest first (for PSI over time);
    /// of one feature only when `feature` is given (the others stay zero).
    public func windows(
        model: String, version: Int, from: Int64, to: Int64, profile: Profile,
        feature: String? = nil
    ) throws -> [(start: Int64, counts: LiveCounts)] {
        let rows = try database.withConnection { connection in
            try connection.query(
                """
                SELECT window_start, subject, feature, bin, count AS total
                FROM drift_counts
                WHERE model = $1 AND version = $2 AND window_start > $5 AND window_start < $4
                  AND window_start + window_seconds * 1000 > $3
                  AND (CAST($6 AS TEXT) = '' OR (subject = 'feature' AND feature = $6))
                ORDER BY window_start
                """,
                [
                    .text(model), .int(Int64(version)), .int(from), .int(to), .int(from - Int64(Self.longestWindowSeconds) * 1000),
                    .text(feature ?? ""),
                ])
        }
        var result: [(start: Int64, counts: LiveCounts)] = []
        for row in rows {
            let start = try row.int64("window_start")
            if result.last?.start != start { result.append((start, LiveCounts(zerosFor: profile))) }
            try Self.place(row, into: &result[result.count - 1].counts, model: model, version: version)
        }
        return result
    }

    static func place(_ row: SQLRow, into counts: inout LiveCounts, model: String, version: Int) throws {
        let subject = try row.string("subject")
        let feature = try row.string("feature")
        let bin = try row.int("bin")
        let total = try row.int("total")
        let series: SeriesCounts? = subject == "score" ? counts.score : counts.features[feature]
        guard var series else {
            throw DriftStoreError.unknownSeries(model: model, version: version, series: subject == "score" ? "score" : feature)
        }
        guard bin < series.bins.count, bin >= SeriesCounts.qualitySlots.min()! else {
            throw DriftStoreError.binOutOfProfile(
                model: model, version: version, series: subject == "score" ? "score" : feature,
                bin: bin, bins: series.bins.count)
        }
        series[stored: bin] += total
        if subject == "score" { counts.score = series } else { counts.features[feature] = series }
    }
}

/// Stored counts that do not fit the version's profile.
public enum DriftStoreError: Error, CustomStringConvertible, Equatable {
    case unknownSeries(model: String, version: Int, series: String)
    case binOutOfProfile(model: String, version: Int, series: String, bin: Int, bins: Int)

    public var description: String {
        switch self {
        case .unknownSeries(let model, let version, let series):
            "stored drift counts of \(model)/\(version) name '\(series)', which its profile does not have"
        case .binOutOfProfile(let model, let version, let series, let bin, let bins):
            "stored drift counts of \(model)/\(version) feature '\(series)' use bin \(bin), but its profile has \(bins) bins"
        }
    }
}
