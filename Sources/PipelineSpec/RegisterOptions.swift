/// Options of a `register` step: what is recorded with the new model version in the registry.
public struct RegisterOptions: Sendable, Equatable, Codable {
    /// Tags set on the new version (values as their YAML scalar text).
    public var tags: [String: String]
    /// A description for the new version, if any.
    public var description: String?

    /// Creates register options; the defaults are no tags and no description.
    public init(tags: [String: String] = [:], description: String? = nil) {
        self.tags = tags
        self.description = description
    }
}
