import Foundation
import MLOpsTime
import ModelRegistry

/// Realized (and label-free estimated) performance of a model over a range: per version and
/// arm, the totals and optionally each hourly window, beside the version's holdout baseline
/// from its registration metrics (`logloss`, `auc`), and the always-valid alarm (`PerformanceAlarm`,
/// δ = `degrade`) over the range's windows. The one home of the report: the CLI
/// (`mlops performance report`), the JSON API and the dashboard render it.
public struct PerformanceReport: Sendable, Encodable {
    public var model: String
    /// The range (ISO 8601): windows starting in [from, to).
    public var from: String
    public var to: String
    /// Everything completed before this is counted (nil before the first fold).
    public var foldedUntil: String?
    public var series: [Series]

    /// One version's arm.
    public struct Series: Sendable, Encodable {
        public var version: Int
        public var arm: String
        public var aliases: [String]
        /// The holdout metrics the version was registered with; nil when it has none.
        public var baseline: Baseline?
        /// Why there is no baseline, when there is none.
        public var baselineNote: String?
        public var totals: PerformanceMetrics
        /// The always-valid alarm over the range's windows (nil without a log-loss baseline).
        public var alarm: PerformanceAlarm.Status?
        public var windows: [WindowLine]?

        enum CodingKeys: String, CodingKey {
            case version, arm, aliases, baseline, totals, windows, alarm
            case baselineNote = "baseline_note"
        }
    }

    /// The registration (holdout) metrics compared against.
    public struct Baseline: Sendable, Encodable, Equatable {
        public var logLoss: Double?
        public var auc: Double?
        /// `registration metrics`, or what a person set (`mlops performance baseline`).
        public var source: String
        public init(logLoss: Double?, auc: Double?, source: String = "registration metrics") {
            self.logLoss = logLoss
            self.auc = auc
            self.source = source
        }
        enum CodingKeys: String, CodingKey {
            case auc, source
            case logLoss = "log_loss"
        }
    }

    /// One hourly window's metrics.
    public struct WindowLine: Sendable, Encodable {
        public var start: String
        /// The same start in Unix ms (not encoded).
        public var startMilliseconds: Int64
        public var metrics: PerformanceMetrics
        public func encode(to encoder: any Encoder) throws {
            try metrics.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(start, forKey: .start)
        }
        enum Key: String, CodingKey { case start }
    }

    enum CodingKeys: String, CodingKey {
        case model, from, to, series
        case foldedUntil = "folded_until"
    }

    /// The baseline of a version: the one a person set, else its registration metrics.
    public static func baseline(_ version: ModelVersion, stored: PerformanceBaselines.Stored? = nil) -> Baseline? {
        if let stored { return Baseline(logLoss: stored.logLoss, auc: stored.auc, source: "set by \(stored.setBy): \(stored.source)") }
        let logLoss = version.metrics["logloss"] ?? version.metrics["log_loss"]
        let auc = version.metrics["auc"]
        return logLoss == nil && auc == nil ? nil : Baseline(logLoss: logLoss, auc: auc)
    }

    /// What the report and the page say about a version without a baseline.
    public static let noBaselineNote =
        "no holdout baseline: the version was registered without logloss or auc metrics, so there is nothing to compare with and no alarm; set one with mlops performance baseline MODEL/VERSION --from-live 7d (or --log-loss X)"

    /// The report for `reference` (`ctr`: every version with counts in the range; `ctr/3`,
    /// `ctr@champion`: that version) over windows starting in [from, to). Each window's AUC and
    /// estimated AUC need its score histogram: `windowAUC` false leaves them out of the windows
    /// (a chart of log loss needs none) and sums the histograms in the store for the totals only.
    public static func build(
        registry: Registry, reference: String, from: Int64, to: Int64, byWindow: Bool, windowAUC: Bool = true, degrade: Double = 0.02
    ) throws -> PerformanceReport {
        let parsed = try ModelReference(parsing: reference)
        let model = try registry.model(parsed.model)
        let version: Int? = parsed.selector == .latest ? nil : try registry.resolve(parsed).version
        let store = PerformanceStore(database: registry.database)
        // Windows are hours of the prediction time: the one holding `from` counts.
        let from = from - from % PerformanceAggregator.windowMilliseconds
        let perWindowBins = byWindow && windowAUC
        let windows = try store.windows(model: model.name, version: version, from: from, to: to, bins: perWindowBins)
        let binTotals = perWindowBins ? [:] : try store.binTotals(model: model.name, version: version, from: from, to: to)
        let versions = Dictionary(try registry.versions(model: model.name).map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
        let stored = try PerformanceBaselines(database: registry.database).all(model: model.name)
        var grouped: [String: [PerformanceStore.Window]] = [:]
        for window in windows { grouped["\(window.version)|\(window.arm)", default: []].append(window) }
        let series = grouped.values.map { group -> Series in
            let first = group[0]
            var totals = WindowCounts()
            for window in group { totals.add(window.counts) }
            if let bins = binTotals[PerformanceStore.SeriesKey(version: first.version, arm: first.arm)] { totals.add(bins) }
            let registered = versions[first.version]
            let baseline = registered.flatMap { Self.baseline($0, stored: stored[first.version]) }
            return Series(
                version: first.version, arm: first.arm, aliases: registered?.aliases ?? [], baseline: baseline,
                baselineNote: baseline?.logLoss == nil ? noBaselineNote : nil,
                totals: totals.metrics,
                alarm: baseline?.logLoss.map { PerformanceAlarm(baseline: $0, degrade: degrade).evaluate(group.map(\.counts)) },
                windows: byWindow
                    ? group.map { WindowLine(start: UTCTime.iso8601($0.start / 1000), startMilliseconds: $0.start, metrics: $0.counts.metrics) } : nil
            )
        }.sorted { ($0.version, $0.arm) < ($1.version, $1.arm) }
        let folded = try PerformanceAggregator(database: registry.database).watermark()
        return PerformanceReport(
            model: model.name, from: UTCTime.iso8601(from / 1000), to: UTCTime.iso8601(to / 1000),
            foldedUntil: folded.map { UTCTime.iso8601($0 / 1000) }, series: series)
    }
}
