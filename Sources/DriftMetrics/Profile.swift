/// The reference profile of a model's inputs (and optionally its score), stored with the model
/// and compared against live data. Features keep their column order.
public struct Profile: Codable, Sendable, Equatable {
    /// Format version of the stored profile.
    public var version: Int
    /// Number of numeric bins B the profile was built with.
    public var bins: Int
    /// Number of kept categories K the profile was built with.
    public var topK: Int
    /// Reference rows.
    public var rowCount: Int
    /// Per-feature profiles, in column order.
    public var features: [NamedFeatureProfile]
    /// The model score's profile, when the reference was scored.
    public var score: FeatureProfile?

    /// The current format version.
    public static let currentVersion = 1

    enum CodingKeys: String, CodingKey {
        case version, bins
        case topK = "top_k"
        case rowCount = "row_count"
        case features, score
    }

    /// A profile from its parts.
    public init(
        version: Int = Profile.currentVersion, bins: Int = ProfileBuilder.defaultBins,
        topK: Int = ProfileBuilder.defaultTopK, rowCount: Int,
        features: [NamedFeatureProfile], score: FeatureProfile? = nil
    ) {
        self.version = version
        self.bins = bins
        self.topK = topK
        self.rowCount = rowCount
        self.features = features
        self.score = score
    }

    /// The profile of the feature called `name`, if any.
    public subscript(feature name: String) -> FeatureProfile? {
        features.first { $0.name == name }?.profile
    }

    /// Feature names, in column order.
    public var featureNames: [String] { features.map(\.name) }

    /// Checks every feature profile and that names are unique.
    public func validate() throws(DriftError) {
        var seen = Set<String>()
        for feature in features {
            guard seen.insert(feature.name).inserted else { throw .duplicateFeature(feature.name) }
            try feature.profile.validate(feature: feature.name)
        }
        try score?.validate(feature: "score")
    }
}
