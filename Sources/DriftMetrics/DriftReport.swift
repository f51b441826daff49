/// The overall drift of a report: the worst feature.
public struct OverallDrift: Codable, Sendable, Equatable {
    /// The worst feature verdict (stable when there is no feature).
    public var verdict: Verdict
    /// The largest feature PSI (0 when there is no feature).
    public var maxPSI: Double
    /// The feature with the largest PSI, if any.
    public var worstFeature: String?
    /// Some feature triggers retraining.
    public var triggersRetraining: Bool
    /// Features flagged `insufficient_data`.
    public var insufficientFeatures: Int

    enum CodingKeys: String, CodingKey {
        case verdict
        case maxPSI = "max_psi"
        case worstFeature = "worst_feature"
        case triggersRetraining = "triggers_retraining"
        case insufficientFeatures = "insufficient_features"
    }
}

/// Drift of every feature of a profile against current data.
public struct DriftReport: Codable, Sendable, Equatable {
    /// Worst-feature summary (the score is not part of it).
    public var overall: OverallDrift
    /// Features by PSI descending (ties keep the given order).
    public var features: [FeatureDrift]
    /// Drift of the model score (prediction drift), when both sides have one.
    public var score: FeatureDrift?
    /// Column-set differences and non-numeric counts.
    public var schema: SchemaIssues
    /// The thresholds the verdicts used.
    public var thresholds: DriftThresholds

    /// Assembles a report: sorts `features` by PSI descending and derives the overall verdict.
    public init(
        features: [FeatureDrift], score: FeatureDrift? = nil, schema: SchemaIssues = SchemaIssues(),
        thresholds: DriftThresholds = DriftThresholds()
    ) {
        let sorted = features.enumerated().sorted {
            $0.element.psi != $1.element.psi ? $0.element.psi > $1.element.psi : $0.offset < $1.offset
        }.map(\.element)
        self.features = sorted
        self.score = score
        self.schema = schema
        self.thresholds = thresholds
        self.overall = OverallDrift(
            verdict: sorted.map(\.verdict).max() ?? .stable,
            maxPSI: sorted.first?.psi ?? 0,
            worstFeature: sorted.first?.name,
            triggersRetraining: sorted.contains { $0.triggersRetraining },
            insufficientFeatures: sorted.filter(\.insufficientData).count)
    }

    /// The drift of the feature called `name`, if it was compared.
    public subscript(feature name: String) -> FeatureDrift? {
        features.first { $0.name == name }
    }
}
