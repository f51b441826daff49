import ArtifactArchive
import Foundation

/// The files behind `mlflow-artifacts:/…` URIs (`<experiment>/<run>/artifacts/…`,
/// `<experiment>/models/<id>/artifacts/…`): what clients log lives in `logged` (a directory
/// under a local artifact root, or keys under `<prefix>/mlflow/` in S3); the read-only
/// `registry/<model>/<version>/…` files, extracted from registered archives, live in the local
/// `registry` tree. Paths are checked segment by segment — no empty, `.` or `..` segments, no
/// NUL — before either tree sees them, so no request reaches outside its root.
struct ArtifactFiles: Sendable {
    let logged: any ArtifactTree
    let registry: LocalArtifactTree

    /// `path` with empty segments removed, or an error naming the bad segment.
    static func checked(_ path: String) throws -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for segment in segments where segment == "." || segment == ".." || segment.contains("\0") {
            throw MLflowError.invalid("artifact path '\(path)' has a '\(segment)' segment")
        }
        return segments.joined(separator: "/")
    }

    /// The tree that holds `path` (checked).
    func tree(_ path: String) -> any ArtifactTree {
        VersionFiles.isRegistryPath(path) ? registry : logged
    }

    func list(_ path: String) throws -> [ArtifactTreeEntry] {
        let path = try Self.checked(path)
        return try tree(path).list(path)
    }

    func read(_ path: String) throws -> Data? {
        let path = try Self.checked(path)
        return try tree(path).read(path)
    }

    /// A local directory with the logged files under `path` (made in `scratch` when the tree is
    /// remote); nil when there are none.
    func localDirectory(_ path: String, scratch: String) throws -> String? {
        let path = try Self.checked(path)
        return try tree(path).localDirectory(path, scratch: scratch)
    }
}
