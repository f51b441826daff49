import ArtifactArchive
import Foundation

/// An artifact tree as keys under a prefix of a bucket (`<prefix>/mlflow/<path>`): listed one
/// level at a time with ListObjectsV2's delimiter, read with GetObject, written by uploading a
/// staged local file (multipart when large, so a reader never sees part of one). Uploads and
/// the copies `localDirectory` makes are staged in a local directory.
public struct S3ArtifactTree: ArtifactTree {
    let s3: BlockingS3
    let staging: String

    /// The tree at `location` (its prefix is the tree's root), staging in `staging`.
    public init(client: S3Client, location: S3Location, staging: String) {
        self.s3 = BlockingS3(client: client, location: location)
        self.staging = staging
    }

    public var description: String { s3.location.description }

    /// The key prefix of the directory `path`, ending in `/` (empty for the bucket's root).
    func directoryPrefix(_ path: String) -> String {
        let key = path.isEmpty ? s3.location.prefix : s3.location.key(path)
        return key.isEmpty ? "" : key + "/"
    }

    public func list(_ path: String) throws -> [ArtifactTreeEntry] {
        let prefix = directoryPrefix(path)
        let level = try s3.wait { try await s3.client.listLevel(bucket: s3.location.bucket, prefix: prefix) }
        let files = level.objects.compactMap { object -> ArtifactTreeEntry? in
            let name = String(object.key.dropFirst(prefix.count))
            return name.isEmpty ? nil : ArtifactTreeEntry(name: name, isDirectory: false, size: object.size)
        }
        let directories = level.prefixes.compactMap { common -> ArtifactTreeEntry? in
            let name = String(common.dropFirst(prefix.count).dropLast())
            return name.isEmpty ? nil : ArtifactTreeEntry(name: name, isDirectory: true, size: nil)
        }
        return (files + directories).sorted { $0.name < $1.name }
    }

    public func read(_ path: String) throws -> Data? {
        guard !path.isEmpty else { return nil }
        let key = s3.location.key(path)
        do {
            return Data(try s3.wait { try await s3.client.get(bucket: s3.location.bucket, key: key) })
        } catch S3Error.service(404, _, _, _, _) {
            return nil
        }
    }

    public func stagingFile() throws -> String {
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let file = staging + "/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: file, contents: nil) else { throw ArtifactTreeError("cannot create \(file)") }
        return file
    }

    public func publish(staged: String, at path: String) throws {
        defer { try? FileManager.default.removeItem(atPath: staged) }
        guard !path.isEmpty else { throw ArtifactTreeError("an upload needs a file path") }
        let key = s3.location.key(path)
        _ = try s3.wait { try await s3.client.upload(bucket: s3.location.bucket, key: key, file: staged, ifAbsent: false) }
    }

    /// Downloads every object under `path` into `scratch`, refusing keys whose relative path
    /// would leave it (an empty, `.` or `..` segment).
    public func localDirectory(_ path: String, scratch: String) throws -> String? {
        let prefix = directoryPrefix(path)
        let objects = try s3.wait { try await s3.client.list(bucket: s3.location.bucket, prefix: prefix) }
        var copied = 0
        for object in objects {
            let relative = String(object.key.dropFirst(prefix.count))
            if relative.isEmpty { continue }
            let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") }) else {
                throw ArtifactTreeError("object '\(object.key)' in \(s3.location) has a path that cannot be a file ('\(relative)')")
            }
            let file = scratch + "/" + relative
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let key = object.key
            guard try s3.wait({ try await s3.client.download(bucket: s3.location.bucket, key: key, to: file) }) else { continue }
            copied += 1
        }
        return copied == 0 ? nil : scratch
    }
}
