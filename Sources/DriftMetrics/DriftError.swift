/// Why a drift computation could not produce a result. Every case names the feature (or the
/// piece of data) at fault so the message can be shown to a user as is.
public enum DriftError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The reference side of `feature` has no rows, so no proportion is defined.
    case emptyReference(feature: String)
    /// The current side of `feature` has no rows, so no proportion is defined.
    case emptyCurrent(feature: String)
    /// Two count vectors for `feature` do not have the same number of bins.
    case binCountMismatch(feature: String, expected: Int, actual: Int)
    /// A stored profile and a current observation disagree on the kind of `feature`.
    case kindMismatch(feature: String, expected: FeatureKind, actual: FeatureKind)
    /// A (decoded) profile is internally inconsistent.
    case invalidProfile(feature: String, reason: String)
    /// A count is negative.
    case negativeCount(feature: String, bin: Int)
    /// The same feature name appears twice in a profile.
    case duplicateFeature(String)

    public var description: String {
        switch self {
        case .emptyReference(let feature):
            "drift: feature '\(feature)': the reference has no rows"
        case .emptyCurrent(let feature):
            "drift: feature '\(feature)': the current data has no rows"
        case .binCountMismatch(let feature, let expected, let actual):
            "drift: feature '\(feature)': expected \(expected) bins, got \(actual)"
        case .kindMismatch(let feature, let expected, let actual):
            "drift: feature '\(feature)': profile is \(expected.rawValue), current data is \(actual.rawValue)"
        case .invalidProfile(let feature, let reason):
            "drift: feature '\(feature)': invalid profile: \(reason)"
        case .negativeCount(let feature, let bin):
            "drift: feature '\(feature)': negative count in bin \(bin)"
        case .duplicateFeature(let name):
            "drift: feature '\(name)' appears more than once in the profile"
        }
    }
}

/// The two kinds of feature the drift convention knows.
public enum FeatureKind: String, Codable, Sendable, Equatable {
    case numeric
    case categorical
}
