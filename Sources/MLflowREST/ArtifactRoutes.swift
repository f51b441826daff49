import AccessControl
import ArtifactArchive
import Foundation
import HTTPAccess
import Hummingbird
import MLOpsStore
import NIOCore

/// The `mlflow-artifacts` proxy: `PUT|GET /api/2.0/mlflow-artifacts/artifacts/<path>` and
/// `GET /api/2.0/mlflow-artifacts/artifacts?path=<dir>` (a listing), so the client logs and
/// downloads artifacts through the server with no storage credentials of its own.
/// `registry/<model>/<version>/…` is read-only: a registered version's files, extracted from its
/// archive after its digest is checked. Uploads are staged in a local file and published whole
/// (renamed into place, or uploaded to S3), so a half-sent file is never seen.
struct ArtifactRoutes {
    let api: MLflowAPI
    static let prefix = "/api/2.0/mlflow-artifacts/artifacts"
    /// Largest single artifact upload.
    static let maxUploadBytes: Int64 = 4 << 30

    /// The catch-all segments percent-decoded; a segment that decodes to one holding '/' is refused.
    static func decodedPath(_ segments: [Substring]) throws -> String {
        try segments.map { raw in
            guard let segment = raw.removingPercentEncoding, !segment.contains("/") else {
                throw MLflowError.invalid("artifact path segment '\(raw)' is not a valid file name")
            }
            return segment
        }.joined(separator: "/")
    }

    func register(on router: RouteRegistrar) {
        let files = api.artifacts
        router.get(Self.prefix, access: .read) { request, _ in
            do {
                let path = request.uri.queryParameters["path"].map(String.init) ?? ""
                try await VersionFiles.prepare(path, api: api)
                let entries = try await Blocking.run { try files.list(path) }
                return MLflowResponse.json([
                    "files": entries.map { entry -> [String: Any] in
                        var file: [String: Any] = ["path": entry.name, "is_dir": entry.isDirectory]
                        if let size = entry.size { file["file_size"] = size }
                        return file
                    }
                ])
            } catch {
                return api.failure(error, request)
            }
        }
        router.get(Self.prefix + "/**", access: .read) { request, context in
            do {
                let path = try Self.decodedPath(context.parameters.getCatchAll())
                try await VersionFiles.prepare(path, api: api)
                let data = try await Blocking.run { try files.read(path) }
                guard let data else { throw MLflowError.notFound("artifact '\(path)' does not exist") }
                return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
            } catch {
                return api.failure(error, request)
            }
        }
        router.put(Self.prefix + "/**", access: .change) { request, context in
            do {
                let path = try Self.decodedPath(context.parameters.getCatchAll())
                guard !VersionFiles.isRegistryPath(path) else {
                    throw MLflowError.invalid("'\(path)' belongs to a registered version, whose files never change")
                }
                let checked = try ArtifactFiles.checked(path)
                guard !checked.isEmpty else { throw MLflowError.invalid("an upload needs a file path") }
                let tree = files.logged
                let staged = try await Blocking.run { try tree.stagingFile() }
                do {
                    guard let handle = FileHandle(forWritingAtPath: staged) else { throw ArtifactTreeError("cannot open \(staged)") }
                    defer { try? handle.close() }
                    var written: Int64 = 0
                    for try await chunk in request.body {
                        written += Int64(chunk.readableBytes)
                        guard written <= Self.maxUploadBytes else {
                            throw MLflowError.tooLarge("artifact '\(path)' is larger than \(Self.maxUploadBytes) bytes")
                        }
                        let bytes = Data(chunk.readableBytesView)
                        try await Blocking.run { try handle.write(contentsOf: bytes) }
                    }
                    try await Blocking.run {
                        try handle.close()
                        try tree.publish(staged: staged, at: checked)
                    }
                } catch {
                    try? FileManager.default.removeItem(atPath: staged)
                    throw error
                }
                return MLflowResponse.json([:])
            } catch {
                return api.failure(error, request)
            }
        }
    }
}
