import Foundation
import MLOpsStore
import ModelRegistry

/// A registered version's files for MLflow downloads, at `registry/<model>/<version>/` under
/// the artifact proxy: extracted once from the version's archive (its SHA-256 checked on the
/// way) into a temporary directory and renamed into place, then served like any artifact. They
/// always live in the local registry tree (a cache: the archive is the truth), also when what
/// clients log goes to S3.
enum VersionFiles {
    static func path(_ version: ModelVersion) -> String { "registry/\(version.model)/\(version.version)" }

    static func isRegistryPath(_ path: String) -> Bool {
        path.split(separator: "/").first == "registry"
    }

    /// Makes sure the version a `registry/…` path points into is extracted (off the event loop).
    static func prepare(_ path: String, api: MLflowAPI) async throws {
        guard isRegistryPath(path) else { return }
        try await Blocking.run { try extract(path, api: api) }
    }

    /// The blocking work of `prepare`.
    static func extract(_ path: String, api: MLflowAPI) throws {
        let segments = path.split(separator: "/")
        guard segments.first == "registry", segments.count >= 3 else { return }
        guard let number = Int(segments[2]) else { throw MLflowError.notFound("artifact '\(path)' does not exist") }
        let model = String(segments[1])
        let directory = api.artifacts.registry.absolute(try ArtifactFiles.checked("registry/\(model)/\(number)"))
        guard !FileManager.default.fileExists(atPath: directory) else { return }
        let staging = directory + ".extract-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            _ = try api.registry.download(ModelReference(model: model, selector: .version(number)), into: staging)
        } catch let error as RegistryError {
            throw MLflowError.from(error)
        }
        try FileManager.default.createDirectory(atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if rename(staging, directory) != 0 && !FileManager.default.fileExists(atPath: directory) {
            throw MLflowError(code: "INTERNAL_ERROR", status: .internalServerError, message: "cannot place the files of \(model)/\(number)")
        }
    }
}
