import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where archives live beyond this machine (S3-compatible object storage): the same content
/// addresses as the local store (`sha256/<2 hex>/<hex>.tar.zst`), as object names.
public protocol RemoteArtifacts: Sendable, CustomStringConvertible {
    func exists(_ name: String) throws -> Bool
    /// Uploads `file` as `name`, all or nothing; keeps an existing object.
    func upload(file: String, to name: String) throws
    /// Downloads `name` into the file at `path`; false (no file) when there is no such object.
    func download(_ name: String, to path: String) throws -> Bool
    /// A plain file tree under `name` beside the archives (the MLflow artifact proxy's files),
    /// staging uploads and copies in the local directory `staging`.
    func tree(_ name: String, staging: String) -> any ArtifactTree
}

/// Content-addressed archive store: `<root>/sha256/<first two hex>/<hex>.tar.zst`.
///
/// Archives are written to `<root>/tmp/<random>.partial`, fsynced, hashed and renamed to
/// their content address, so a stored file is always complete and identical content is
/// stored once. Readers re-hash before trusting a stored file.
///
/// With a `remote`, the remote holds the archives and `root` is a local cache of them: a stored
/// archive is uploaded before `store` returns (a failed upload throws, so nothing is
/// registered), a read downloads what the cache lacks and checks its digest before using it,
/// and `verify` re-reads the remote object itself.
public struct ArtifactStore: Sendable {
    /// The store's root directory (the local cache when there is a remote).
    public let root: String
    /// Object storage holding the archives, if any.
    public let remote: (any RemoteArtifacts)?
    /// Limits applied when checking incoming archives and when extracting.
    public let limits: ArchiveLimits
    /// Where the store logs what it stored, replaced or found damaged.
    public let logger: Logger
    /// With a remote: the most bytes the local cache keeps (see `trimCache`); nil keeps everything.
    public let cacheLimitBytes: Int64?

    /// Opens (creating if needed) the store at `root`, with `root/sha256` and `root/tmp`.
    public init(
        root: String, remote: (any RemoteArtifacts)? = nil, cacheLimitBytes: Int64? = nil, limits: ArchiveLimits = .default,
        logger: Logger = Logger(label: "mlops.artifacts")
    ) throws {
        self.root = root
        self.remote = remote
        self.cacheLimitBytes = cacheLimitBytes
        self.limits = limits
        self.logger = logger
        try FileSystem.makeDirectories(root + "/sha256")
        try FileSystem.makeDirectories(root + "/tmp")
    }

    /// Archives `directory` (see ``TarZstd/create(from:to:)``) and stores the archive.
    public func store(directory: String) throws -> StoredArtifact {
        let partial = newPartialPath()
        do {
            try TarZstd.create(from: directory, to: partial)
            let (digest, size) = try FileDigest.sha256(ofFile: partial)
            return try commit(partial: partial, sha256: digest, size: size)
        } catch {
            unlink(partial)
            throw error
        }
    }

    /// Stores an already-built, untrusted `.tar.zst`: it is copied into the store, must
    /// list cleanly within ``limits`` (see ``TarZstd/list(_:limits:)``), and is then hashed
    /// and renamed to its content address.
    public func store(archiveFile: String) throws -> StoredArtifact {
        let partial = newPartialPath()
        do {
            let (digest, size) = try FileDigest.copyFile(from: archiveFile, to: partial)
            _ = try TarZstd.list(partial, limits: limits)
            return try commit(partial: partial, sha256: digest, size: size)
        } catch {
            unlink(partial)
            throw error
        }
    }

    /// Where the archive with digest `sha256` is (or would be) stored. The digest is
    /// lowercased; the other methods also reject anything but 64 hex characters.
    public func path(for sha256: String) -> String {
        let digest = sha256.lowercased()
        return "\(root)/sha256/\(digest.prefix(2))/\(digest).tar.zst"
    }

    /// Whether a regular file is stored under `sha256` (its content is not re-hashed).
    public func contains(sha256: String) -> Bool {
        guard FileDigest.isDigest(sha256.lowercased()) else { return false }
        var info = stat()
        if lstat(path(for: sha256), &info) == 0 && FileSystem.FileType(mode: UInt32(info.st_mode)) == .regular { return true }
        return (try? remote?.exists(Self.objectName(sha256.lowercased()))) == true
    }

    /// The object name of an archive in the remote (its path under the root).
    public static func objectName(_ digest: String) -> String { "sha256/\(digest.prefix(2))/\(digest).tar.zst" }

    /// Re-hashes the stored archive and returns its size.
    ///
    /// Throws ``ArchiveError/digestMismatch(subject:expected:actual:)`` (naming `subject`,
    /// e.g. `"ctr/3"`, and both digests) when the content changed, and
    /// ``ArchiveError/missing(subject:sha256:)`` when nothing is stored under `sha256`.
    @discardableResult
    public func verify(sha256: String, subject: String) throws -> Int64 {
        if remote != nil { return try fetch(sha256: sha256, subject: subject) }
        return try verifyLocal(sha256: sha256, subject: subject)
    }

    /// Re-hashes the local copy (downloaded first when there is a remote and no local copy).
    @discardableResult
    func verifyLocal(sha256: String, subject: String) throws -> Int64 {
        let digest = try storedPath(sha256: sha256, subject: subject)
        let (actual, size) = try FileDigest.sha256(ofFile: path(for: digest))
        guard actual == digest else {
            logger.error(
                "stored archive digest mismatch",
                metadata: [
                    "subject": "\(subject)", "expected": "\(digest)", "actual": "\(actual)",
                ])
            throw ArchiveError.digestMismatch(subject: subject, expected: digest, actual: actual)
        }
        return size
    }

    /// Verifies the stored archive, then extracts it into `directory` (see
    /// ``TarZstd/extract(_:into:limits:)``). Nothing is extracted when the digest is wrong.
    public func extract(sha256: String, subject: String, into directory: String) throws -> ExtractionSummary {
        try verifyLocal(sha256: sha256, subject: subject)
        return try TarZstd.extract(path(for: sha256), into: directory, limits: limits)
    }

    /// Copies the stored archive to `destination` (for export). `destination` must not
    /// exist; missing parent directories are created (and removed again on failure). The
    /// bytes are hashed while copying and the copy is renamed into place only when they
    /// match `sha256`, so a damaged archive throws
    /// ``ArchiveError/digestMismatch(subject:expected:actual:)`` and leaves nothing.
    public func copy(sha256: String, subject: String, to destination: String) throws {
        let digest = try storedPath(sha256: sha256, subject: subject)
        if try FileSystem.lstatIfExists(destination) != nil { throw ArchiveError.alreadyExists(path: destination) }
        let parent = FileSystem.parent(of: destination)
        let createdParents = try FileSystem.makeDirectories(parent)
        let partial = "\(parent)/.\(FileSystem.baseName(of: destination)).\(FileSystem.randomToken()).partial"
        do {
            let (actual, _) = try FileDigest.copyFile(from: path(for: digest), to: partial)
            guard actual == digest else {
                logger.error(
                    "stored archive digest mismatch",
                    metadata: [
                        "subject": "\(subject)", "expected": "\(digest)", "actual": "\(actual)",
                    ])
                throw ArchiveError.digestMismatch(subject: subject, expected: digest, actual: actual)
            }
            if rename(partial, destination) != 0 { throw FileSystem.error(destination, "rename failed") }
        } catch {
            unlink(partial)
            FileSystem.removeEmptyDirectories(createdParents)
            throw error
        }
        try FileSystem.sync(parent)
    }

    /// The validated, lowercased digest, after checking a file is stored under it.
    private func storedPath(sha256: String, subject: String) throws -> String {
        let digest = sha256.lowercased()
        guard FileDigest.isDigest(digest) else { throw ArchiveError.invalidDigest(value: sha256) }
        if try FileSystem.lstatIfExists(path(for: digest)) == nil {
            guard remote != nil else { throw ArchiveError.missing(subject: subject, sha256: digest) }
            try fetch(sha256: digest, subject: subject)
        } else {
            touch(digest)
        }
        return digest
    }

    /// Downloads the remote object into a partial file, checks its digest, and only then puts it
    /// in the local cache. Returns its size. A damaged object throws `digestMismatch`, a
    /// missing one `missing`; the cache is left as it was.
    @discardableResult
    private func fetch(sha256: String, subject: String) throws -> Int64 {
        let digest = sha256.lowercased()
        guard FileDigest.isDigest(digest) else { throw ArchiveError.invalidDigest(value: sha256) }
        guard let remote else { throw ArchiveError.missing(subject: subject, sha256: digest) }
        let partial = newPartialPath()
        defer { unlink(partial) }
        guard try remote.download(Self.objectName(digest), to: partial) else {
            throw ArchiveError.missing(subject: subject, sha256: digest)
        }
        let (actual, size) = try FileDigest.sha256(ofFile: partial)
        guard actual == digest else {
            logger.error(
                "remote archive digest mismatch",
                metadata: ["subject": "\(subject)", "expected": "\(digest)", "actual": "\(actual)", "remote": "\(remote)"])
            throw ArchiveError.digestMismatch(subject: subject, expected: digest, actual: actual)
        }
        let final = path(for: digest)
        try FileSystem.makeDirectories(FileSystem.parent(of: final))
        if rename(partial, final) != 0 { throw FileSystem.error(final, "rename from '\(partial)' failed") }
        trimCache(keeping: digest)
        return size
    }

    /// A fresh temporary path in `root/tmp`.
    private func newPartialPath() -> String {
        "\(root)/tmp/\(FileSystem.randomToken())\(FileSystem.randomToken()).partial"
    }

    /// Moves the fsynced, hashed `partial` to its content address. An existing intact
    /// copy is kept (and `partial` deleted); a damaged one is replaced.
    private func commit(partial: String, sha256: String, size: Int64) throws -> StoredArtifact {
        let final = path(for: sha256)
        let shard = FileSystem.parent(of: final)
        if try FileSystem.lstatIfExists(shard) == nil {
            try FileSystem.makeDirectories(shard)
            try FileSystem.sync(root + "/sha256")
        }
        if try FileSystem.lstatIfExists(final) != nil {
            let existing = try? FileDigest.sha256(ofFile: final)
            if existing?.hex == sha256 {
                unlink(partial)
                logger.debug("archive already stored", metadata: ["sha256": "\(sha256)"])
                try upload(final, sha256: sha256)
                return StoredArtifact(sha256: sha256, sizeBytes: size, path: final)
            }
            logger.warning(
                "replacing damaged stored archive",
                metadata: [
                    "sha256": "\(sha256)", "found": "\(existing?.hex ?? "unreadable")",
                ])
        }
        if rename(partial, final) != 0 { throw FileSystem.error(final, "rename from '\(partial)' failed") }
        try FileSystem.sync(shard)
        try upload(final, sha256: sha256)
        trimCache(keeping: sha256)
        logger.info("archive stored", metadata: ["sha256": "\(sha256)", "bytes": "\(size)"])
        return StoredArtifact(sha256: sha256, sizeBytes: size, path: final)
    }

    /// Puts a stored archive in the remote, unless it is there already.
    private func upload(_ file: String, sha256: String) throws {
        guard let remote else { return }
        let name = Self.objectName(sha256)
        if try remote.exists(name) { return }
        try remote.upload(file: file, to: name)
        logger.info("archive uploaded", metadata: ["sha256": "\(sha256)", "remote": "\(remote)"])
    }
}
