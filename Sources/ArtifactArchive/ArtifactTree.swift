import Foundation

/// A plain tree of files addressed by relative paths (`a/b/model.json`, `""` for the root):
/// where the MLflow artifact proxy keeps what clients log. `LocalArtifactTree` is a directory;
/// a remote store gives one beside its archives (`RemoteArtifacts.tree`). Callers pass paths
/// already checked segment by segment (no empty, `.` or `..` segments).
public protocol ArtifactTree: Sendable, CustomStringConvertible {
    /// The entries directly under the directory `path`, sorted by name; empty when there is none.
    func list(_ path: String) throws -> [ArtifactTreeEntry]
    /// The bytes of the file at `path`; nil when there is no such file.
    func read(_ path: String) throws -> Data?
    /// A fresh local file for an upload to be written into before `publish` places it.
    func stagingFile() throws -> String
    /// Places the staged file at `path`, replacing what was there, so a reader sees the old file
    /// or the whole new one; the staged file is gone afterwards, whether this succeeded or not.
    func publish(staged: String, at path: String) throws
    /// A local directory holding the files under `path`: the tree's own, or a copy made in the
    /// empty directory `scratch`; nil when `path` holds no files.
    func localDirectory(_ path: String, scratch: String) throws -> String?
}

/// One entry of a listing: its name inside the listed directory.
public struct ArtifactTreeEntry: Sendable, Equatable {
    public var name: String
    public var isDirectory: Bool
    /// The file's size; nil for a directory.
    public var size: Int64?

    public init(name: String, isDirectory: Bool, size: Int64?) {
        self.name = name
        self.isDirectory = isDirectory
        self.size = size
    }
}

/// Why a tree operation failed.
public struct ArtifactTreeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// An artifact tree in a local directory. Uploads are staged under `<root>/.staging` (the same
/// file system) and renamed into place.
public struct LocalArtifactTree: ArtifactTree {
    public let root: String
    static let stagingName = ".staging"

    public init(root: String) {
        self.root = root
    }

    public var description: String { root }

    /// The absolute path of `path`.
    public func absolute(_ path: String) -> String {
        path.isEmpty ? root : root + "/" + path
    }

    public func list(_ path: String) throws -> [ArtifactTreeEntry] {
        let directory = absolute(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0 != Self.stagingName && !$0.hasPrefix(".upload-") }.sorted().map { name in
                let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)
                let isDirectory = (attributes[.type] as? FileAttributeType) == .typeDirectory
                return ArtifactTreeEntry(name: name, isDirectory: isDirectory, size: isDirectory ? nil : (attributes[.size] as? NSNumber)?.int64Value)
            }
    }

    public func read(_ path: String) throws -> Data? {
        let file = absolute(path)
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return try Data(contentsOf: URL(fileURLWithPath: file))
    }

    public func stagingFile() throws -> String {
        let directory = root + "/" + Self.stagingName
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: file, contents: nil) else { throw ArtifactTreeError("cannot create \(file)") }
        return file
    }

    public func publish(staged: String, at path: String) throws {
        defer { try? FileManager.default.removeItem(atPath: staged) }
        guard !path.isEmpty else { throw ArtifactTreeError("an upload needs a file path") }
        let destination = absolute(path)
        try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if rename(staged, destination) != 0 {
            throw ArtifactTreeError("cannot move the upload into \(destination): errno \(errno)")
        }
    }

    public func localDirectory(_ path: String, scratch: String) throws -> String? {
        let directory = absolute(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return directory
    }
}
