import Foundation

/// The files behind `mlflow-artifacts:/…` URIs: a directory tree under the artifact root
/// (`<root>/<experiment>/<run>/artifacts/…`, `<root>/<experiment>/models/<id>/artifacts/…`).
/// Paths are checked segment by segment — no empty, `.` or `..` segments, no NUL — so no
/// request reaches outside the root. Uploads land in a temporary file and are renamed into
/// place, so a half-sent file is never seen.
struct ArtifactFiles: Sendable {
    let root: String

    /// One entry of a listing: its name inside the listed directory.
    struct Entry {
        let name: String
        let isDirectory: Bool
        let size: Int64?
    }

    /// The absolute path for a relative artifact path, or an error naming the bad segment.
    func resolve(_ path: String) throws -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for segment in segments where segment == "." || segment == ".." || segment.contains("\0") {
            throw MLflowError.invalid("artifact path '\(path)' has a '\(segment)' segment")
        }
        return segments.isEmpty ? root : root + "/" + segments.joined(separator: "/")
    }

    func list(_ path: String) throws -> [Entry] {
        let directory = try resolve(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".upload-") }.sorted().map { name in
            let full = directory + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            let isDirectory = (attributes[.type] as? FileAttributeType) == .typeDirectory
            return Entry(name: name, isDirectory: isDirectory, size: isDirectory ? nil : (attributes[.size] as? NSNumber)?.int64Value)
        }
    }

    /// Opens a temporary file beside the destination for an upload.
    func beginUpload(_ path: String) throws -> (handle: FileHandle, temporary: String, destination: String) {
        let destination = try resolve(path)
        guard destination != root else { throw MLflowError.invalid("an upload needs a file path") }
        let directory = (destination as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.upload-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw MLflowError.init(code: "INTERNAL_ERROR", status: .internalServerError, message: "cannot create \(temporary)")
        }
        return (handle, temporary, destination)
    }

    /// Moves a finished upload into place (replacing what was there, as MLflow does).
    func finishUpload(temporary: String, destination: String) throws {
        if rename(temporary, destination) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw MLflowError(
                code: "INTERNAL_ERROR", status: .internalServerError, message: "cannot move the upload into \(destination): errno \(code)")
        }
    }
}
