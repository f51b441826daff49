/// Compares current data with reference profiles, feature by feature and as a whole report.
/// Every function throws `DriftError` naming the feature when a side is empty or shapes differ.
public enum DriftComparer {
    /// Drift of a numeric feature from counts in the profile's bins. Without `quality`, the
    /// quality counts are derived from the bins alone (see `DataQuality.counts`).
    public static func compare(
        name: String, profile: NumericProfile, current: BinCounts,
        quality: DataQuality? = nil,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> FeatureDrift {
        try profile.validate(feature: name)
        let reference = profile.referenceCounts
        try checkShape(name: name, expected: profile.binCount, current: current)
        return try FeatureDrift(
            name: name, kind: .numeric, reference: reference.counts, current: current.counts,
            binLabels: profile.binLabels, optionalBins: [profile.missingBin],
            quality: quality ?? .counts(reference: reference, current: current),
            thresholds: thresholds)
    }

    /// Drift of a numeric feature from an observation (counts + quality in one pass).
    public static func compare(
        name: String, profile: NumericProfile, observation: NumericObservation,
        nonNumeric: Int = 0,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> FeatureDrift {
        try compare(
            name: name, profile: profile, current: observation.bins,
            quality: .numeric(profile: profile, observation: observation, nonNumeric: nonNumeric),
            thresholds: thresholds)
    }

    /// Drift of a categorical feature from counts in the profile's bins (categories, "other",
    /// missing). Without `quality`, the quality counts are derived from the bins alone.
    public static func compare(
        name: String, profile: CategoricalProfile, current: BinCounts,
        quality: DataQuality? = nil,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> FeatureDrift {
        try profile.validate(feature: name)
        let reference = profile.referenceCounts
        try checkShape(name: name, expected: profile.binCount, current: current)
        return try FeatureDrift(
            name: name, kind: .categorical, reference: reference.counts, current: current.counts,
            binLabels: profile.binLabels, optionalBins: [profile.otherBin, profile.missingBin],
            quality: quality ?? .counts(reference: reference, current: current),
            thresholds: thresholds)
    }

    /// Drift of a categorical feature from an observation (counts + unseen values).
    public static func compare(
        name: String, profile: CategoricalProfile, observation: CategoricalObservation,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> FeatureDrift {
        try compare(
            name: name, profile: profile, current: observation.bins,
            quality: .categorical(profile: profile, observation: observation), thresholds: thresholds)
    }

    /// Drift of any feature; throws `kindMismatch` when profile and observation disagree.
    public static func compare(
        name: String, profile: FeatureProfile, observation: FeatureObservation,
        nonNumeric: Int = 0,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> FeatureDrift {
        switch (profile, observation) {
        case (.numeric(let p), .numeric(let o)):
            try compare(name: name, profile: p, observation: o, nonNumeric: nonNumeric, thresholds: thresholds)
        case (.categorical(let p), .categorical(let o)):
            try compare(name: name, profile: p, observation: o, thresholds: thresholds)
        default:
            throw .kindMismatch(feature: name, expected: profile.kind, actual: observation.kind)
        }
    }

    /// Drift of a numeric feature from raw values: builds the reference profile, then observes
    /// `current` against it (identical to the profile path by construction).
    public static func compareNumeric(
        name: String, reference: [Double], current: [Double],
        bins: Int = ProfileBuilder.defaultBins,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> FeatureDrift {
        let profile = ProfileBuilder.numeric(reference, bins: bins)
        return try compare(name: name, profile: profile, observation: profile.observe(current), thresholds: thresholds)
    }

    /// Drift of a categorical feature from both raw sets: one bin per category seen in either
    /// set, ordered by combined count descending (ties by name); past `topK` categories the
    /// rarest fold into "other". Bins: categories, "other", missing — the same shape as the
    /// profile path. Unseen counts are exact here (categories absent from the reference).
    public static func compareCategorical(
        name: String, reference: [String?], current: [String?],
        topK: Int = ProfileBuilder.defaultTopK,
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> FeatureDrift {
        var referenceTally: [String: Int] = [:]
        var currentTally: [String: Int] = [:]
        var referenceMissing = 0
        var currentMissing = 0
        for value in reference {
            if let value { referenceTally[value, default: 0] += 1 } else { referenceMissing += 1 }
        }
        for value in current {
            if let value { currentTally[value, default: 0] += 1 } else { currentMissing += 1 }
        }
        let combined = referenceTally.merging(currentTally, uniquingKeysWith: +)
        let (kept, folded) = ProfileBuilder.rank(combined, topK: topK)
        var referenceCounts = kept.map { referenceTally[$0.name] ?? 0 }
        var currentCounts = kept.map { currentTally[$0.name] ?? 0 }
        referenceCounts.append(folded.reduce(0) { $0 + (referenceTally[$1.name] ?? 0) })
        currentCounts.append(folded.reduce(0) { $0 + (currentTally[$1.name] ?? 0) })
        referenceCounts.append(referenceMissing)
        currentCounts.append(currentMissing)
        var unseenRows = 0
        var unseenDistinct = 0
        for (value, count) in currentTally where referenceTally[value] == nil {
            unseenRows += count
            unseenDistinct += 1
        }
        let quality = DataQuality(
            referenceRows: reference.count, currentRows: current.count,
            referenceMissing: referenceMissing, currentMissing: currentMissing,
            unseenRows: unseenRows, unseenDistinct: unseenDistinct,
            referenceConstant: referenceTally.count <= 1,
            currentConstant: currentTally.count <= 1)
        return try FeatureDrift(
            name: name, kind: .categorical, reference: referenceCounts, current: currentCounts,
            binLabels: kept.map(\.name) + ["(other)", "(missing)"],
            optionalBins: [kept.count, kept.count + 1], quality: quality, thresholds: thresholds)
    }

    /// Drift of every profile feature present in `current` (keyed by column name). Profile
    /// features absent from `current` are reported as absent columns, not compared;
    /// `currentColumns` (default: the keys of `current`) gives the extra columns.
    /// `nonNumericValues` are the caller's per-column counts of unparsable numeric values.
    public static func report(
        profile: Profile, current: [String: FeatureObservation],
        score: FeatureObservation? = nil, currentColumns: [String]? = nil,
        nonNumericValues: [String: Int] = [:],
        thresholds: DriftThresholds = DriftThresholds()
    ) throws(DriftError) -> DriftReport {
        try profile.validate()
        var features: [FeatureDrift] = []
        for feature in profile.features {
            guard let observation = current[feature.name] else { continue }
            features.append(
                try compare(
                    name: feature.name, profile: feature.profile, observation: observation,
                    nonNumeric: nonNumericValues[feature.name] ?? 0, thresholds: thresholds))
        }
        var scoreDrift: FeatureDrift?
        if let scoreProfile = profile.score, let score {
            scoreDrift = try compare(name: "score", profile: scoreProfile, observation: score, thresholds: thresholds)
        }
        let columns = currentColumns ?? current.keys.sorted()
        let schema = SchemaIssues(
            profileColumns: profile.featureNames, currentColumns: columns,
            nonNumericValues: nonNumericValues)
        return DriftReport(features: features, score: scoreDrift, schema: schema, thresholds: thresholds)
    }

    static func checkShape(name: String, expected: Int, current: BinCounts) throws(DriftError) {
        guard current.counts.count == expected else {
            throw .binCountMismatch(feature: name, expected: expected, actual: current.counts.count)
        }
    }
}
