import ArtifactArchive
import Foundation
import Logging
import MLOpsStore
import MLOpsTime

/// The model registry: models, immutable archived versions, aliases with promote/rollback, and
/// an append-only history. The CLI and the HTTP server both call this one service.
public final class Registry: Sendable {
    public let database: SQLDatabase
    public let artifacts: ArtifactStore
    let logger: Logger

    public init(database: SQLDatabase, artifacts: ArtifactStore, logger: Logger = Logger(label: "mlops.registry")) {
        self.database = database
        self.artifacts = artifacts
        self.logger = logger
    }

    // MARK: Models

    /// Creates a model; fails if the name is taken.
    @discardableResult
    public func createModel(_ name: String, description: String = "", tags: [String: String] = [:], actor: String) throws -> RegisteredModel {
        try Names.validateModel(name)
        try validate(tags: tags, field: "tag")
        let now = Clock.nowMilliseconds()
        do {
            try database.transaction { connection in
                let store = RegistryStore(connection: connection)
                try store.insertModel(name: name, description: description, tags: tags, at: now)
                try store.appendEvent(model: name, kind: .created, actor: actor, reason: nil, at: now)
            }
        } catch StoreError.uniqueViolation {
            throw RegistryError.modelExists(name)
        }
        logger.info("model created", metadata: ["model": "\(name)", "actor": "\(actor)"])
        return try model(name)
    }

    public func models() throws -> [RegisteredModel] {
        try database.withConnection { try RegistryStore(connection: $0).fetchModels() }
    }

    public func model(_ name: String) throws -> RegisteredModel {
        try Names.validateModel(name)
        guard let found = try database.withConnection({ try RegistryStore(connection: $0).fetchModels(name: name) }).first else {
            throw RegistryError.modelNotFound(name)
        }
        return found
    }

    // MARK: Versions

    /// Archives `directory`, stores it content-addressed, and records it as the model's next
    /// version. The archive reaches its final name before the version row commits; a crash in
    /// between leaves at most an unreferenced archive, never a version without its files.
    public func register(
        model: String, directory: String, flavor: String = "generic", params: [String: String] = [:],
        metrics: [String: Double] = [:], tags: [String: String] = [:], lineage: Lineage? = nil, origin: VersionOrigin = VersionOrigin(),
        actor: String
    ) throws -> ModelVersion {
        try Names.validateModel(model)
        try validateMetadata(flavor: flavor, params: params, metrics: metrics, tags: tags)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RegistryError.invalidDirectory(path: directory, message: "not a directory")
        }
        guard try database.withConnection({ try RegistryStore(connection: $0).modelExists(model) }) else {
            throw RegistryError.modelNotFound(model)
        }
        let stored = try artifacts.store(directory: directory)
        let source = URL(fileURLWithPath: directory).standardizedFileURL.path
        return try record(
            model: model, artifact: stored, flavor: flavor, params: params, metrics: metrics, tags: tags,
            lineage: lineage ?? Lineage(source: source), origin: origin, actor: actor, reason: nil)
    }

    /// Inserts the version row and its history event in one transaction.
    func record(
        model: String, artifact: StoredArtifact, flavor: String, params: [String: String], metrics: [String: Double],
        tags: [String: String], lineage: Lineage, origin: VersionOrigin = VersionOrigin(), actor: String, reason: String?
    ) throws -> ModelVersion {
        let now = Clock.nowMilliseconds()
        let version = try database.transaction { connection -> ModelVersion in
            let store = RegistryStore(connection: connection)
            guard let number = try store.allocateVersion(model: model, at: now) else {
                throw RegistryError.modelNotFound(model)
            }
            let version = ModelVersion(
                model: model, version: number, sha256: artifact.sha256, sizeBytes: artifact.sizeBytes, flavor: flavor,
                params: params, metrics: metrics, tags: tags, lineage: lineage, status: .ready, createdBy: actor,
                createdAt: now, aliases: [], description: origin.description, runID: origin.runID,
                loggedModelID: origin.loggedModelID, updatedAt: now)
            try store.insertVersion(version)
            try store.appendEvent(model: model, kind: .registered, version: number, actor: actor, reason: reason, at: now)
            return version
        }
        logger.info(
            "version registered",
            metadata: [
                "model": "\(model)", "version": "\(version.version)", "sha256": "\(artifact.sha256)", "actor": "\(actor)",
            ])
        return version
    }

    public func versions(model: String) throws -> [ModelVersion] {
        try Names.validateModel(model)
        return try database.withConnection { connection in
            let store = RegistryStore(connection: connection)
            guard try store.modelExists(model) else { throw RegistryError.modelNotFound(model) }
            return try store.fetchVersions(model: model)
        }
    }

    /// The version a reference names.
    public func resolve(_ reference: ModelReference) throws -> ModelVersion {
        try database.withConnection { try resolve(reference, store: RegistryStore(connection: $0)) }
    }

    public func resolve(_ reference: String) throws -> ModelVersion {
        try resolve(try ModelReference(parsing: reference))
    }

    func resolve(_ reference: ModelReference, store: RegistryStore) throws -> ModelVersion {
        guard try store.modelExists(reference.model) else { throw RegistryError.modelNotFound(reference.model) }
        let number: Int
        switch reference.selector {
        case .version(let v): number = v
        case .alias(let alias):
            guard let v = try store.aliasVersion(model: reference.model, alias: alias) else {
                throw RegistryError.aliasNotFound(model: reference.model, alias: alias)
            }
            number = v
        case .latest:
            guard let v = try store.latestReadyVersion(model: reference.model) else {
                throw RegistryError.noVersions(model: reference.model)
            }
            number = v
        }
        guard let version = try store.fetchVersion(model: reference.model, version: number) else {
            throw RegistryError.versionNotFound(model: reference.model, version: number)
        }
        return version
    }

    // MARK: Artifacts

    /// Re-hashes the stored archive and checks it lists cleanly.
    public func verify(_ reference: ModelReference) throws -> ModelVersion {
        let version = try resolve(reference)
        try artifacts.verify(sha256: version.sha256, subject: version.reference)
        return version
    }

    /// Verifies, then extracts the version's files into `directory`.
    public func download(_ reference: ModelReference, into directory: String) throws -> (ModelVersion, ExtractionSummary) {
        let version = try resolve(reference)
        let summary = try artifacts.extract(sha256: version.sha256, subject: version.reference, into: directory)
        return (version, summary)
    }

    // MARK: History

    public func history(model: String) throws -> [RegistryEvent] {
        try Names.validateModel(model)
        return try database.withConnection { connection in
            let store = RegistryStore(connection: connection)
            guard try store.modelExists(model) else { throw RegistryError.modelNotFound(model) }
            return try store.events(model: model)
        }
    }

    // MARK: Validation

    func validateMetadata(flavor: String, params: [String: String], metrics: [String: Double], tags: [String: String]) throws {
        try Names.validateFlavor(flavor)
        try validate(tags: params, field: "param")
        try validate(tags: tags, field: "tag")
        for (key, value) in metrics {
            try Names.validateKey(key, field: "metric")
            guard value.isFinite else {
                throw RegistryError.invalidField(field: "metric '\(key)'", message: "value \(value) is not a finite number")
            }
        }
    }

    func validate(tags: [String: String], field: String) throws {
        for (key, value) in tags {
            try Names.validateKey(key, field: field)
            guard value.utf8.count <= 5000 else {
                throw RegistryError.invalidField(field: "\(field) '\(key)'", message: "value longer than 5000 bytes")
            }
        }
    }
}
