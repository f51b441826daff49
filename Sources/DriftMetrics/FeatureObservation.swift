/// Current data for one feature, counted against its profile.
public enum FeatureObservation: Codable, Sendable, Equatable {
    case numeric(NumericObservation)
    case categorical(CategoricalObservation)

    /// Whether the observation is numeric or categorical.
    public var kind: FeatureKind {
        switch self {
        case .numeric: .numeric
        case .categorical: .categorical
        }
    }
}
