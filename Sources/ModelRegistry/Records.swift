import MLOpsStore
import MLOpsTime

/// Where a version came from.
public struct Lineage: Sendable, Equatable, Codable {
    /// The directory or URI the files were registered from.
    public var source: String?
    /// The pipeline run that produced it.
    public var pipelineRun: String?
    /// A fingerprint of the training data (for example its SHA-256).
    public var dataFingerprint: String?
    /// The version this one was trained to replace.
    public var parentVersion: Int?

    public init(source: String? = nil, pipelineRun: String? = nil, dataFingerprint: String? = nil, parentVersion: Int? = nil) {
        self.source = source
        self.pipelineRun = pipelineRun
        self.dataFingerprint = dataFingerprint
        self.parentVersion = parentVersion
    }

    enum CodingKeys: String, CodingKey {
        case source
        case pipelineRun = "pipeline_run"
        case dataFingerprint = "data_fingerprint"
        case parentVersion = "parent_version"
    }
}

/// Whether a version may be served and promoted.
public enum VersionStatus: String, Sendable, Codable {
    case ready
    case archived
}

/// A registered model: a name with versions and aliases.
public struct RegisteredModel: Sendable, Equatable, Encodable {
    public let name: String
    public let description: String
    public let tags: [String: String]
    public let createdAt: Int64
    public let updatedAt: Int64
    /// Highest version number assigned, if any.
    public let latestVersion: Int?
    /// Alias name → version.
    public let aliases: [String: Int]

    enum CodingKeys: String, CodingKey {
        case name, description, tags, aliases
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case latestVersion = "latest_version"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(tags, forKey: .tags)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(Clock.iso8601(milliseconds: createdAt), forKey: .createdAt)
        try c.encode(Clock.iso8601(milliseconds: updatedAt), forKey: .updatedAt)
        try c.encode(latestVersion, forKey: .latestVersion)
    }
}

/// One immutable version of a model: its archived files plus metadata.
public struct ModelVersion: Sendable, Equatable, Encodable {
    public let model: String
    public let version: Int
    public let sha256: String
    public let sizeBytes: Int64
    public let flavor: String
    public let params: [String: String]
    public let metrics: [String: Double]
    public let tags: [String: String]
    public let lineage: Lineage
    public let status: VersionStatus
    public let createdBy: String
    public let createdAt: Int64
    /// Aliases pointing at this version, sorted.
    public let aliases: [String]
    /// Free text, editable (the MLflow door sets it).
    public var description: String = ""
    /// The tracking run the files came from, when registered from one.
    public var runID: String? = nil
    /// The MLflow 3 logged model the files came from, when registered from one.
    public var loggedModelID: String? = nil
    /// Last change to the description or tags (creation time until then).
    public var updatedAt: Int64 = 0

    /// `ctr/3`.
    public var reference: String { "\(model)/\(version)" }

    enum CodingKeys: String, CodingKey {
        case model, version, aliases, sha256, flavor, status, metrics, params, tags, lineage
        case sizeBytes = "size_bytes"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case description
        case runID = "run_id"
        case loggedModelID = "logged_model_id"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(version, forKey: .version)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(flavor, forKey: .flavor)
        try c.encode(status, forKey: .status)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(params, forKey: .params)
        try c.encode(tags, forKey: .tags)
        try c.encode(lineage, forKey: .lineage)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(Clock.iso8601(milliseconds: createdAt), forKey: .createdAt)
        if !description.isEmpty { try c.encode(description, forKey: .description) }
        try c.encodeIfPresent(runID, forKey: .runID)
        try c.encodeIfPresent(loggedModelID, forKey: .loggedModelID)
    }
}

/// What happened in the registry; the history is append-only.
public enum RegistryEventKind: String, Sendable, Codable, CaseIterable {
    case created
    case registered
    case aliasSet = "alias_set"
    case aliasRemoved = "alias_removed"
    case promoted
    case rolledBack = "rolled_back"
    case archived
    /// A version (with `version`) or the whole model (without) was deleted; the history stays.
    case deleted
}

/// One entry of a model's history.
public struct RegistryEvent: Sendable, Equatable, Encodable {
    public let id: Int64
    public let model: String
    public let kind: RegistryEventKind
    /// The version the event is about (for promote/rollback: the new champion).
    public let version: Int?
    /// For promote/rollback: the champion before; for alias changes: the alias's old version.
    public let fromVersion: Int?
    public let alias: String?
    public let actor: String
    public let reason: String?
    public let at: Int64

    enum CodingKeys: String, CodingKey {
        case id, model, kind, version, alias, actor, reason, at
        case fromVersion = "from_version"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(model, forKey: .model)
        try c.encode(kind, forKey: .kind)
        try c.encode(version, forKey: .version)
        try c.encode(fromVersion, forKey: .fromVersion)
        try c.encode(alias, forKey: .alias)
        try c.encode(actor, forKey: .actor)
        try c.encode(reason, forKey: .reason)
        try c.encode(Clock.iso8601(milliseconds: at), forKey: .at)
    }
}

/// The champion and previous versions after a promote or rollback.
public struct ChampionChange: Sendable, Equatable, Encodable {
    public let model: String
    public let champion: Int
    public let previous: Int?
}

/// Where a version was registered from in MLflow's terms: its description, the tracking run
/// and the logged model behind it.
public struct VersionOrigin: Sendable, Equatable {
    public var description: String
    public var runID: String?
    public var loggedModelID: String?

    public init(description: String = "", runID: String? = nil, loggedModelID: String? = nil) {
        self.description = description
        self.runID = runID
        self.loggedModelID = loggedModelID
    }
}
