import DriftMetrics

/// Drift reports from live counts: the same measures as `DriftComparer`, with the data-quality
/// counts that survive summing over windows (distinct unseen categories and the current min and
/// max do not: they are reported as 0 and judged from the bins).
public enum LiveDriftReport {
    /// The report of `counts` against `profile`. Features with no counted row are left out and
    /// listed as absent columns; so is the score when nothing scored was counted.
    public static func report(
        profile: Profile, counts: LiveCounts,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> DriftReport {
        try profile.validate()
        var features: [FeatureDrift] = []
        var present: [String] = []
        var nonNumeric: [String: Int] = [:]
        for feature in profile.features {
            guard let series = counts.features[feature.name], series.total > 0 else { continue }
            present.append(feature.name)
            if series.nonNumeric > 0 { nonNumeric[feature.name] = series.nonNumeric }
            features.append(try compare(name: feature.name, profile: feature.profile, series: series, thresholds: thresholds))
        }
        var score: FeatureDrift?
        if let scoreProfile = profile.score, let series = counts.score, series.total > 0 {
            score = try compare(name: "score", profile: scoreProfile, series: series, thresholds: thresholds)
        }
        let schema = SchemaIssues(profileColumns: profile.featureNames, currentColumns: present, nonNumericValues: nonNumeric)
        return DriftReport(features: features, score: score, schema: schema, thresholds: thresholds)
    }

    static func compare(
        name: String, profile: FeatureProfile, series: SeriesCounts,
        thresholds: DriftThresholds
    ) throws(DriftError) -> FeatureDrift {
        let current = BinCounts(counts: series.bins)
        switch profile {
        case .numeric(let p):
            var quality = DataQuality.counts(reference: p.referenceCounts, current: current)
            quality.referenceConstant = p.min == nil || p.min == p.max
            quality.outOfRange = series.outOfRange
            quality.nonNumeric = series.nonNumeric
            return try DriftComparer.compare(name: name, profile: p, current: current, quality: quality, thresholds: thresholds)
        case .categorical(let p):
            var quality = DataQuality.counts(reference: p.referenceCounts, current: current)
            quality.referenceConstant = p.knownDistinct <= 1
            quality.unseenRows = series.unseenRows
            quality.modelUnseenRows = series.modelUnseenRows
            return try DriftComparer.compare(name: name, profile: p, current: current, quality: quality, thresholds: thresholds)
        }
    }
}
