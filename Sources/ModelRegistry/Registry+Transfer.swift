import ArtifactArchive
import Foundation
import MLOpsStore

/// The metadata file inside an export archive, next to `artifact.tar.zst`.
struct ExportManifest: Codable, Equatable {
    static let formatName = "mlops-model-export"
    static let fileName = "mlops-export.json"
    static let artifactName = "artifact.tar.zst"

    var format: String
    var formatVersion: Int
    var model: String
    var version: Int
    var sha256: String
    var sizeBytes: Int64
    var flavor: String
    var params: [String: String]
    var metrics: [String: Double]
    var tags: [String: String]
    var lineage: Lineage
    var createdBy: String
    var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case format, model, version, sha256, flavor, params, metrics, tags, lineage
        case formatVersion = "format_version"
        case sizeBytes = "size_bytes"
        case createdBy = "created_by"
        case createdAt = "created_at"
    }
}

extension Registry {
    /// Writes one version as a self-contained archive (its metadata plus its artifact) to `file`.
    public func export(_ reference: ModelReference, to file: String) throws -> ModelVersion {
        let version = try resolve(reference)
        let staging = try temporaryDirectory(prefix: "export")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let bundle = (staging as NSString).appendingPathComponent("bundle")
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: false)
        try artifacts.copy(
            sha256: version.sha256, subject: version.reference, to: (bundle as NSString).appendingPathComponent(ExportManifest.artifactName))
        let manifest = ExportManifest(
            format: ExportManifest.formatName, formatVersion: 1, model: version.model, version: version.version,
            sha256: version.sha256, sizeBytes: version.sizeBytes, flavor: version.flavor, params: version.params,
            metrics: version.metrics, tags: version.tags, lineage: version.lineage, createdBy: version.createdBy,
            createdAt: version.createdAt)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: (bundle as NSString).appendingPathComponent(ExportManifest.fileName)))
        let temporary = (staging as NSString).appendingPathComponent("export.tar.zst")
        try TarZstd.create(from: bundle, to: temporary)
        let destination = URL(fileURLWithPath: file).standardizedFileURL.path
        if FileManager.default.fileExists(atPath: destination) {
            throw RegistryError.invalidField(field: "export destination", message: "\(destination) already exists")
        }
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: destination)
        } catch {
            throw RegistryError.invalidField(field: "export destination", message: "cannot write \(destination): \(error.localizedDescription)")
        }
        logger.info("version exported", metadata: ["version": "\(version.reference)", "file": "\(destination)"])
        return version
    }

    /// Imports an export archive as the next version of `model` (created if missing). The file is
    /// untrusted: it is extracted under the archive limits, its metadata validated, and the inner
    /// artifact's digest checked against the metadata before anything is recorded.
    public func importVersion(model: String, file: String, actor: String) throws -> ModelVersion {
        try Names.validateModel(model)
        let staging = try temporaryDirectory(prefix: "import")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let unpacked = (staging as NSString).appendingPathComponent("bundle")
        _ = try TarZstd.extract(file, into: unpacked, limits: artifacts.limits)
        let entries = try FileManager.default.contentsOfDirectory(atPath: unpacked).sorted()
        guard entries == [ExportManifest.artifactName, ExportManifest.fileName].sorted() else {
            throw RegistryError.invalidExport(
                file: file,
                message: "expected exactly \(ExportManifest.fileName) and \(ExportManifest.artifactName), found \(entries.joined(separator: ", "))")
        }
        let manifestPath = (unpacked as NSString).appendingPathComponent(ExportManifest.fileName)
        let attributes = try FileManager.default.attributesOfItem(atPath: manifestPath)
        guard (attributes[.type] as? FileAttributeType) == .typeRegular, ((attributes[.size] as? Int) ?? 0) <= 1 << 20 else {
            throw RegistryError.invalidExport(file: file, message: "\(ExportManifest.fileName) must be a regular file under 1 MiB")
        }
        let manifest: ExportManifest
        do {
            manifest = try JSONDecoder().decode(ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        } catch {
            throw RegistryError.invalidExport(file: file, message: "\(ExportManifest.fileName) is not valid: \(error)")
        }
        guard manifest.format == ExportManifest.formatName, manifest.formatVersion == 1 else {
            throw RegistryError.invalidExport(file: file, message: "unsupported format '\(manifest.format)' version \(manifest.formatVersion)")
        }
        try validateMetadata(flavor: manifest.flavor, params: manifest.params, metrics: manifest.metrics, tags: manifest.tags)
        let artifactPath = (unpacked as NSString).appendingPathComponent(ExportManifest.artifactName)
        let stored = try artifacts.store(archiveFile: artifactPath)
        guard stored.sha256 == manifest.sha256 else {
            throw RegistryError.invalidExport(file: file, message: "artifact digest \(stored.sha256) does not match the recorded \(manifest.sha256)")
        }
        if !(try database.withConnection({ try RegistryStore(connection: $0).modelExists(model) })) {
            do {
                try createModel(model, actor: actor)
            } catch RegistryError.modelExists {
                // Created concurrently: fine.
            }
        }
        var lineage = manifest.lineage
        lineage.source = "import:\(manifest.model)/\(manifest.version)" + (manifest.lineage.source.map { " (\($0))" } ?? "")
        return try record(
            model: model, artifact: stored, flavor: manifest.flavor, params: manifest.params, metrics: manifest.metrics,
            tags: manifest.tags, lineage: lineage, actor: actor, reason: "imported from \(URL(fileURLWithPath: file).lastPathComponent)")
    }

    private func temporaryDirectory(prefix: String) throws -> String {
        let base = (artifacts.root as NSString).appendingPathComponent("tmp")
        let path = (base as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
