import ArtifactArchive
import Foundation
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import PerformanceMonitor
import Testing

/// The performance fold on a real store: predictions over three hours for a champion and a
/// challenger, labels that arrive before their prediction, with it and long after it, a label
/// corrected after it was counted, and folds repeated; the report must equal an exact
/// recomputation from the prediction log and feedback (log loss to rounding, AUC within the
/// error bound it states).
@Suite struct PerformanceFoldTests {
    static let hour: Int64 = 3_600_000
    static let start: Int64 = 1_796_000_000_000 - 1_796_000_000_000 % 3_600_000

    struct Prediction {
        var request: String
        var version: Int
        var arm: String
        var score: Double
        var created: Int64
    }

    struct Label {
        var request: String
        var label: Double
        var first: Int64
    }

    static func seed(_ database: SQLDatabase) throws {
        try database.transaction { c in
            try c.execute("INSERT INTO models (name, created_at, updated_at) VALUES ('ctr', 0, 0)", [])
            for (version, metrics) in [(1, #"{"logloss": 0.45, "auc": 0.71}"#), (2, "{}")] {
                try c.execute(
                    """
                    INSERT INTO model_versions (model, version, sha256, size_bytes, flavor, metrics, created_by, created_at)
                    VALUES ('ctr', $1, 'x', 1, 'xgboost', $2, 't', 0)
                    """, [.int(Int64(version)), .text(metrics)])
            }
        }
    }

    static func insert(_ database: SQLDatabase, predictions: [Prediction], labels: [Label]) throws {
        try database.transaction { c in
            for p in predictions {
                try c.execute(
                    """
                    INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
                    VALUES ($1, 0, $2, 'ctr', $3, NULL, $4, 10, $5)
                    """, [.text(p.request), .text(p.arm), .int(Int64(p.version)), .double(p.score), .int(p.created)])
            }
            for l in labels {
                try c.execute(
                    "INSERT INTO feedback (request_id, row_index, label, received_at, first_received_at) VALUES ($1, 0, $2, $3, $3)",
                    [.text(l.request), .double(l.label), .int(l.first)])
            }
        }
    }

    /// Exact metrics of one version's arm from raw rows: rows, labelled, log loss, AUC by sorting.
    static func exact(_ predictions: [Prediction], _ labels: [String: Double]) -> (rows: Int, labelled: Int, logLoss: Double, auc: Double) {
        var loss = 0.0
        var pairs: [(Double, Double)] = []
        for p in predictions {
            guard let y = labels[p.request] else { continue }
            let q = min(max(p.score, 1e-15), 1 - 1e-15)
            loss += -(y * log(q) + (1 - y) * log(1 - q))
            pairs.append((p.score, y))
        }
        let positives = pairs.filter { $0.1 >= 0.5 }.map(\.0)
        let negatives = pairs.filter { $0.1 < 0.5 }.map(\.0)
        var wins = 0.0
        for a in positives { for b in negatives { wins += a > b ? 1 : a == b ? 0.5 : 0 } }
        return (predictions.count, pairs.count, loss / Double(pairs.count), wins / Double(positives.count * negatives.count))
    }

    @Test(arguments: TestBackend.available)
    func lateLabelsLandInTheirPredictionsWindowAndNothingIsCountedTwice(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        try Self.seed(database)
        var rng = SystemRandomNumberGenerator()
        var predictions: [Prediction] = []
        var labels: [Label] = []
        for i in 0..<1_200 {
            let challenger = i % 4 == 0
            let created = Self.start + Int64(i) * 9_000  // three hours
            let score = Double.random(in: 0.01...0.6, using: &rng)
            predictions.append(
                Prediction(request: "r\(i)", version: challenger ? 2 : 1, arm: challenger ? "challenger" : "champion", score: score, created: created)
            )
            guard i % 10 < 7 else { continue }  // 70% get a label
            let clicked: Double = Double.random(in: 0...1, using: &rng) < score ? 1 : 0
            // Some labels arrive before their prediction is logged, most soon after, a tenth a day later.
            let delay: Int64 = i % 10 == 0 ? -5_000 : i % 10 == 1 ? 24 * Self.hour : 60_000
            labels.append(Label(request: "r\(i)", label: clicked, first: created + delay))
        }
        try Self.insert(database, predictions: predictions, labels: labels)
        let aggregator = PerformanceAggregator(database: database, lagMilliseconds: 0)

        // Fold up to two hours in, then everything, then again: nothing more is counted.
        let first = try aggregator.fold(now: Self.start + 2 * Self.hour)
        // The first fold starts at the oldest fact: r0's label, which came 5 s before its prediction.
        #expect(first.from == Self.start - 5_000 && first.to == Self.start + 2 * Self.hour)
        #expect(first.predictions == predictions.filter { $0.created < Self.start + 2 * Self.hour }.count)
        // A counted row's label is corrected afterwards (the server keeps its first arrival).
        let corrected = try #require(labels.first { $0.request == "r2" })  // predicted and labelled in the first hour
        _ = try database.withConnection {
            try $0.execute(
                "UPDATE feedback SET label = $2, received_at = $3 WHERE request_id = $1",
                [.text(corrected.request), .double(1 - corrected.label), .int(Self.start + 2 * Self.hour)])
        }
        let end = Self.start + 30 * Self.hour
        let second = try aggregator.fold(now: end)
        #expect(second.from == Self.start + 2 * Self.hour && second.to == end)
        #expect(first.predictions + second.predictions == predictions.count)
        #expect(first.labels + second.labels == labels.count, "every label once, the corrected one included once")
        let third = try aggregator.fold(now: end)
        #expect(third.predictions == 0 && third.labels == 0)

        let registry = Registry(database: database, artifacts: try ArtifactStore(root: try TemporaryDirectory.make(prefix: "performance")))
        let report = try PerformanceReport.build(registry: registry, reference: "ctr", from: Self.start, to: end, byWindow: true)
        #expect(report.series.map { "\($0.version) \($0.arm)" } == ["1 champion", "2 challenger"])
        let labelOf = Dictionary(uniqueKeysWithValues: labels.map { ($0.request, $0.label) })  // as counted: before the correction
        for series in report.series {
            let exact = Self.exact(predictions.filter { $0.version == series.version }, labelOf)
            let t = series.totals
            #expect(t.rows == exact.rows && t.labelled == exact.labelled)
            #expect(abs((t.logLoss ?? 0) - exact.logLoss) < 1e-9, "log loss \(t.logLoss ?? .nan) vs exact \(exact.logLoss)")
            let auc = try #require(t.auc)
            #expect(abs(auc - exact.auc) <= (t.aucMaxError ?? 0) + 1e-12, "AUC \(auc) vs exact \(exact.auc) ± \(t.aucMaxError ?? .nan)")
            #expect((series.windows ?? []).count == 3, "three hourly windows")
            #expect((series.windows ?? []).reduce(0) { $0 + $1.metrics.labelled } == exact.labelled)
        }
        // The sum of squared losses (the alarm's variance) is kept too.
        var stored = WindowCounts()
        for window in try PerformanceStore(database: database).windows(model: "ctr", version: 1, from: Self.start, to: end) {
            stored.add(window.counts)
        }
        let squares = predictions.filter { $0.version == 1 }.compactMap { p in labelOf[p.request].map { WindowCounts.logLoss(p.score, label: $0) } }
            .reduce(0) { $0 + $1 * $1 }
        #expect(abs(stored.logLossSquares - squares) < 1e-6 * max(1, squares))
        #expect(report.series[0].baseline == PerformanceReport.Baseline(logLoss: 0.45, auc: 0.71))
        #expect(report.series[1].baseline == nil && report.series[1].baselineNote?.contains("no holdout baseline") == true)

        // Without per-window histograms the totals come from the store's sums: the same numbers
        // (the estimated AUC's score sums added in another order, so to rounding).
        let summed = try PerformanceReport.build(registry: registry, reference: "ctr", from: Self.start, to: end, byWindow: false)
        for (a, b) in zip(summed.series, report.series) {
            #expect(a.totals.auc == b.totals.auc && a.totals.logLoss == b.totals.logLoss)
            #expect(abs((a.totals.estimatedAUC ?? .nan) - (b.totals.estimatedAUC ?? .nan)) < 1e-12)
        }

        // One version, and a range of one hour.
        let one = try PerformanceReport.build(
            registry: registry, reference: "ctr/2", from: Self.start + Self.hour, to: Self.start + 2 * Self.hour, byWindow: false)
        #expect(
            one.series.count == 1
                && one.series[0].totals.rows
                    == predictions.filter { $0.version == 2 && $0.created >= Self.start + Self.hour && $0.created < Self.start + 2 * Self.hour }.count
        )
    }

    @Test func histogramAUCStaysWithinItsBoundOfTheExactOne() {
        var rng = SystemRandomNumberGenerator()
        var counts = WindowCounts()
        var pairs: [(Double, Double)] = []
        for _ in 0..<3_000 {
            let score = Double.random(in: 0...1, using: &rng)
            let y: Double = Double.random(in: 0...1, using: &rng) < score ? 1 : 0
            counts.addLabelled(score, label: y)
            pairs.append((score, y))
        }
        let exact = Self.exact(
            pairs.enumerated().map { Prediction(request: "r\($0.offset)", version: 1, arm: "champion", score: $0.element.0, created: 0) },
            Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ("r\($0.offset)", $0.element.1) }))
        let metrics = counts.metrics
        let auc = metrics.auc ?? .nan
        #expect(abs(auc - exact.auc) <= metrics.aucMaxError! + 1e-12)
        #expect(metrics.aucMaxError! < 0.01, "1,000 bins: few pairs share one")
        #expect(ScoreBins.bin(0) == 0 && ScoreBins.bin(1) == ScoreBins.count - 1 && ScoreBins.bin(0.5) == ScoreBins.count / 2)
    }
}
