/// How much a feature (or a whole report) drifted, judged by PSI.
public enum Verdict: String, Codable, Sendable, Equatable, Comparable {
    /// PSI < moderate.
    case stable
    /// moderate ≤ PSI < significant.
    case moderate
    /// PSI ≥ significant.
    case significant

    var rank: Int {
        switch self {
        case .stable: 0
        case .moderate: 1
        case .significant: 2
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}

/// PSI thresholds for the verdicts; the usual 0.1 / 0.25 by default.
public struct DriftThresholds: Codable, Sendable, Equatable {
    /// Lowest PSI that is `moderate` (and, divided by 10, the noise-floor limit).
    public var moderate: Double
    /// Lowest PSI that is `significant`.
    public var significant: Double

    /// Thresholds; `moderate` should not exceed `significant` (if it does, `significant` wins).
    public init(moderate: Double = 0.1, significant: Double = 0.25) {
        self.moderate = moderate
        self.significant = significant
    }

    /// The verdict for `psi`: significant if psi ≥ significant, else moderate if
    /// psi ≥ moderate, else stable.
    public func verdict(psi: Double) -> Verdict {
        if psi >= significant { return .significant }
        if psi >= moderate { return .moderate }
        return .stable
    }

    /// The noise-floor limit: a feature whose PSI noise floor exceeds it has insufficient data.
    public var noiseFloorLimit: Double { moderate / 10 }
}
