import DriftMetrics
import MLOpsStore
import ModelRegistry

/// The live drift report of a model version over a time range: the one home of that use case for
/// every front-end (`mlops drift report`, the scheduler's drift trigger,
/// `GET /api/v1/models/{name}/drift`, the dashboard's drift page and its badges). Thresholds are
/// the caller's explicit values, else the model's `drift.moderate` / `drift.significant` tags,
/// else 0.1 / 0.25, so every surface judges a feature the same way.
public struct LiveDriftService: Sendable {
    public let registry: Registry
    public let counts: DriftCountStore

    /// The summed counts of a range and their report.
    public struct Summary: Sendable {
        /// Rows counted in the windows that overlap the range.
        public let rows: Int
        /// The summed counts, in the profile's shape.
        public let counts: LiveCounts
        public let report: DriftReport
    }

    /// One stored window's own report (PSI over time).
    public struct Window: Sendable {
        public let start: Int64
        public let counts: LiveCounts
        public let report: DriftReport
    }

    /// The service over `registry`'s store.
    public init(registry: Registry) {
        self.registry = registry
        self.counts = DriftCountStore(database: registry.database)
    }

    /// The thresholds of `model`: the given values, else its `drift.moderate` /
    /// `drift.significant` tags, else 0.1 / 0.25. A tag that is not a positive number, or
    /// moderate above significant, is an error naming it.
    public func thresholds(model: String, moderate: Double? = nil, significant: Double? = nil) throws -> DriftThresholds {
        try Self.thresholds(model: model, tags: try registry.model(model).tags, moderate: moderate, significant: significant)
    }

    /// The rule behind `thresholds(model:…)`, over tags already read.
    public static func thresholds(
        model: String, tags: [String: String], moderate: Double? = nil,
        significant: Double? = nil
    ) throws(DriftThresholdError) -> DriftThresholds {
        func pick(_ given: Double?, _ tag: String, _ fallback: Double) throws(DriftThresholdError) -> Double {
            if let given {
                guard given > 0, given.isFinite else { throw .notPositive(what: tag == moderateTag ? "moderate" : "significant", value: "\(given)") }
                return given
            }
            guard let text = tags[tag] else { return fallback }
            guard let value = Double(text), value > 0, value.isFinite else { throw .badTag(model: model, tag: tag, value: text) }
            return value
        }
        let result = DriftThresholds(
            moderate: try pick(moderate, moderateTag, DriftThresholds().moderate),
            significant: try pick(significant, significantTag, DriftThresholds().significant))
        guard result.moderate <= result.significant else {
            throw .moderateAboveSignificant(moderate: result.moderate, significant: result.significant)
        }
        return result
    }

    /// The model tags that set its thresholds.
    public static let moderateTag = "drift.moderate"
    public static let significantTag = "drift.significant"

    /// The report of `model`/`version`'s live counts in the windows overlapping [from, to) (Unix
    /// ms) against `profile`, judged by `thresholds`; nil when no row was counted.
    public func report(
        model: String, version: Int, profile: Profile, from: Int64, to: Int64,
        thresholds: DriftThresholds
    ) throws -> Summary? {
        let total = try counts.total(model: model, version: version, from: from, to: to, profile: profile)
        guard total.rows > 0 else { return nil }
        return Summary(
            rows: total.rows, counts: total,
            report: try LiveDriftReport.report(profile: profile, counts: total, thresholds: thresholds))
    }

    /// `report` with the model's own thresholds (explicit values override its tags).
    public func report(
        model: String, version: Int, profile: Profile, from: Int64, to: Int64,
        moderate: Double? = nil, significant: Double? = nil
    ) throws -> Summary? {
        try report(
            model: model, version: version, profile: profile, from: from, to: to,
            thresholds: try thresholds(model: model, moderate: moderate, significant: significant))
    }

    /// Each stored window overlapping [from, to) with its own report, oldest first; of one
    /// feature only when `feature` is given (windows without rows of it are left out).
    public func windows(
        model: String, version: Int, profile: Profile, from: Int64, to: Int64, feature: String? = nil,
        thresholds: DriftThresholds
    ) throws -> [Window] {
        try counts.windows(model: model, version: version, from: from, to: to, profile: profile, feature: feature).compactMap { window in
            if let feature {
                guard let series = window.counts.features[feature], series.total > 0 else { return nil }
            }
            return Window(
                start: window.start, counts: window.counts,
                report: try LiveDriftReport.report(profile: profile, counts: window.counts, thresholds: thresholds))
        }
    }
}

/// Drift thresholds that cannot be used, naming the tag or option at fault.
public enum DriftThresholdError: Error, CustomStringConvertible, Equatable {
    case badTag(model: String, tag: String, value: String)
    case notPositive(what: String, value: String)
    case moderateAboveSignificant(moderate: Double, significant: Double)

    public var description: String {
        switch self {
        case .badTag(let model, let tag, let value): "model \(model) has tag \(tag)=\(value), which is not a positive number"
        case .notPositive(let what, let value): "the \(what) threshold \(value) is not a positive number"
        case .moderateAboveSignificant(let moderate, let significant):
            "the moderate threshold \(moderate) is above the significant one \(significant)"
        }
    }
}
