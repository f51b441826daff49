/// The reference profile of one feature. In JSON the profile's own keys are flattened next to
/// a `"kind"` key: `{"kind": "numeric", "inner_edges": […], …}`.
public enum FeatureProfile: Codable, Sendable, Equatable {
    case numeric(NumericProfile)
    case categorical(CategoricalProfile)

    enum KindKey: String, CodingKey { case kind }

    /// Whether the feature is numeric or categorical.
    public var kind: FeatureKind {
        switch self {
        case .numeric: .numeric
        case .categorical: .categorical
        }
    }

    /// Reference rows, missing included.
    public var count: Int {
        switch self {
        case .numeric(let p): p.count
        case .categorical(let p): p.count
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: KindKey.self)
        switch try container.decode(FeatureKind.self, forKey: .kind) {
        case .numeric: self = .numeric(try NumericProfile(from: decoder))
        case .categorical: self = .categorical(try CategoricalProfile(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: KindKey.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .numeric(let p): try p.encode(to: encoder)
        case .categorical(let p): try p.encode(to: encoder)
        }
    }

    /// Checks the shapes a decoded profile must have before it can be compared.
    public func validate(feature: String) throws(DriftError) {
        switch self {
        case .numeric(let p): try p.validate(feature: feature)
        case .categorical(let p): try p.validate(feature: feature)
        }
    }
}

/// A feature profile with its column name; in JSON `{"name": …, "kind": …, …}`.
public struct NamedFeatureProfile: Codable, Sendable, Equatable {
    /// Column name.
    public var name: String
    /// The feature's reference profile.
    public var profile: FeatureProfile

    enum NameKey: String, CodingKey { case name }

    /// A named profile.
    public init(name: String, profile: FeatureProfile) {
        self.name = name
        self.profile = profile
    }

    public init(from decoder: any Decoder) throws {
        name = try decoder.container(keyedBy: NameKey.self).decode(String.self, forKey: .name)
        profile = try FeatureProfile(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(name, forKey: .name)
        try profile.encode(to: encoder)
    }
}
