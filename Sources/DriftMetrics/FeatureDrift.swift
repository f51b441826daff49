/// The drift of one feature between its reference and current data.
public struct FeatureDrift: Codable, Sendable, Equatable {
    /// Column name.
    public var name: String
    /// Numeric or categorical.
    public var kind: FeatureKind
    /// Population stability index (ε-proportions).
    public var psi: Double
    /// KL(current ‖ reference) (ε-proportions).
    public var kl: Double
    /// Jensen–Shannon divergence, natural log (raw proportions).
    public var js: Double
    /// Characteristic stability index: the PSI on the profile's bins.
    public var csi: Double
    /// The PSI's verdict.
    public var verdict: Verdict
    /// (B_eff − 1)·(1/n + 1/m): the PSI expected from sampling noise alone.
    public var psiNoiseFloor: Double
    /// Bins counted in B_eff (see the convention in `DriftMeasures`).
    public var effectiveBins: Int
    /// The noise floor exceeds moderate / 10: the PSI cannot be trusted to trigger retraining.
    public var insufficientData: Bool
    /// verdict == significant && !insufficientData.
    public var triggersRetraining: Bool
    /// Reference counts per bin (missing last).
    public var referenceCounts: [Int]
    /// Current counts per bin (missing last).
    public var currentCounts: [Int]
    /// Raw reference proportions per bin (no ε), for charts.
    public var referenceProportions: [Double]
    /// Raw current proportions per bin (no ε), for charts.
    public var currentProportions: [Double]
    /// One label per bin.
    public var binLabels: [String]
    /// Data-quality counts.
    public var quality: DataQuality

    enum CodingKeys: String, CodingKey {
        case name, kind, psi, kl, js, csi, verdict
        case psiNoiseFloor = "psi_noise_floor"
        case effectiveBins = "effective_bins"
        case insufficientData = "insufficient_data"
        case triggersRetraining = "triggers_retraining"
        case referenceCounts = "reference_counts"
        case currentCounts = "current_counts"
        case referenceProportions = "reference_proportions"
        case currentProportions = "current_proportions"
        case binLabels = "bin_labels"
        case quality
    }

    /// Computes every measure from the two count vectors (same bins, missing last).
    /// `optionalBins` are the bins (e.g. "other", missing) that count in B_eff only when
    /// non-zero on at least one side.
    init(
        name: String, kind: FeatureKind, reference: [Int], current: [Int], binLabels: [String],
        optionalBins: [Int], quality: DataQuality, thresholds: DriftThresholds
    ) throws(DriftError) {
        try DriftMeasures.validate(reference: reference, current: current, feature: name)
        let rawReference = DriftMeasures.rawProportions(reference)
        let rawCurrent = DriftMeasures.rawProportions(current)
        let e = rawReference.map { $0 == 0 ? DriftMeasures.epsilon : $0 }
        let a = rawCurrent.map { $0 == 0 ? DriftMeasures.epsilon : $0 }
        let psi = DriftMeasures.psi(referenceProportions: e, currentProportions: a)
        var effective = reference.count
        for bin in optionalBins where reference[bin] == 0 && current[bin] == 0 { effective -= 1 }
        let n = Double(reference.reduce(0, +))
        let m = Double(current.reduce(0, +))
        let floor = Double(max(0, effective - 1)) * (1 / n + 1 / m)
        let verdict = thresholds.verdict(psi: psi)
        let insufficient = floor > thresholds.noiseFloorLimit
        self.name = name
        self.kind = kind
        self.psi = psi
        self.kl = DriftMeasures.kl(referenceProportions: e, currentProportions: a)
        self.js = DriftMeasures.js(referenceProportions: rawReference, currentProportions: rawCurrent)
        self.csi = psi
        self.verdict = verdict
        self.psiNoiseFloor = floor
        self.effectiveBins = effective
        self.insufficientData = insufficient
        self.triggersRetraining = verdict == .significant && !insufficient
        self.referenceCounts = reference
        self.currentCounts = current
        self.referenceProportions = rawReference
        self.currentProportions = rawCurrent
        self.binLabels = binLabels
        self.quality = quality
    }
}
