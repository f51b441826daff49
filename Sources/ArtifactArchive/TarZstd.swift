#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reproducible .tar.zst archives of a directory, and safe extraction.
public enum TarZstd {
    /// Archives `directory` into a new file at `archivePath` (which must not exist).
    ///
    /// Regular files, directories, and symlinks whose target is relative and has no `..`
    /// component are archived; anything else (fifo, device, socket, escaping link) throws
    /// an error naming it, and no archive is left behind. The output is reproducible:
    /// entries sorted bytewise by path, uid/gid 0, no user/group names, mtime 0, mode 0644
    /// for files (0755 if any execute bit is set), 0755 for directories, pax-restricted
    /// format, zstd compression. Same files ⇒ same bytes. The file is fsynced.
    public static func create(from directory: String, to archivePath: String) throws {
        let tree = try SourceTree(root: directory)
        let fd = open(archivePath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { throw ArchiveError.alreadyExists(path: archivePath) }
            throw FileSystem.error(archivePath, "create failed")
        }
        do {
            let writer = try ArchiveWriter(fileDescriptor: fd, archivePath: archivePath)
            try writer.write(tree)
            if fsync(fd) != 0 { throw FileSystem.error(archivePath, "fsync failed") }
        } catch {
            close(fd)
            unlink(archivePath)
            throw error
        }
        if close(fd) != 0 {
            let failure = FileSystem.error(archivePath, "close failed")
            unlink(archivePath)
            throw failure
        }
        ArchiveLog.logger.debug(
            "archive created",
            metadata: [
                "source": "\(directory)", "archive": "\(archivePath)", "entries": "\(tree.entries.count)",
            ])
    }

    /// Safely extracts `archivePath` into `directory`.
    ///
    /// `directory` is created if missing (with its parents) and must be empty if it exists.
    /// Refuses absolute paths, `..` components and empty names; symlinks whose target is
    /// absolute or contains `..`; entries whose parent path goes through an extracted
    /// symlink; hardlinks; device, fifo and socket entries; more than `limits.maxEntries`
    /// entries; more than `limits.maxTotalBytes` decoded file bytes; non-archives and
    /// truncated or corrupt data. Extraction happens in a temporary sibling directory that
    /// is renamed into place only on success and removed on failure (with any parent
    /// directories this call created), so on any error nothing remains. Files are
    /// created with `O_CREAT|O_EXCL|O_NOFOLLOW`; modes are normalized (0644/0755 files,
    /// 0755 directories); ownership and timestamps are not restored.
    public static func extract(
        _ archivePath: String, into directory: String,
        limits: ArchiveLimits = .default
    ) throws -> ExtractionSummary {
        if let info = try FileSystem.lstatIfExists(directory) {
            guard FileSystem.FileType(mode: UInt32(info.st_mode)) == .directory,
                try FileSystem.isEmptyDirectory(directory)
            else {
                throw ArchiveError.destinationNotEmpty(path: directory)
            }
        }
        let reader = try ArchiveReader(path: archivePath)
        let parent = FileSystem.parent(of: directory)
        let createdParents = try FileSystem.makeDirectories(parent)
        let staging: String
        do {
            staging = try makeStagingDirectory(for: directory, in: parent)
        } catch {
            FileSystem.removeEmptyDirectories(createdParents)
            throw error
        }
        do {
            var writer = try TreeWriter(rootPath: staging)
            let summary = try ArchiveScanner.scan(reader, limits: limits, into: &writer)
            if chmod(staging, 0o755) != 0 { throw FileSystem.error(staging, "chmod failed") }
            if rename(staging, directory) != 0 {
                if errno == ENOTEMPTY || errno == EEXIST || errno == ENOTDIR || errno == EISDIR {
                    throw ArchiveError.destinationNotEmpty(path: directory)
                }
                throw FileSystem.error(directory, "rename from '\(staging)' failed")
            }
            ArchiveLog.logger.debug(
                "archive extracted",
                metadata: [
                    "archive": "\(archivePath)", "directory": "\(directory)",
                    "entries": "\(summary.entries)", "bytes": "\(summary.totalBytes)",
                ])
            return summary
        } catch {
            do {
                try FileSystem.removeTree(staging)
            } catch let cleanup {
                ArchiveLog.logger.error(
                    "could not remove staging directory",
                    metadata: [
                        "staging": "\(staging)", "error": "\(cleanup)",
                    ])
            }
            FileSystem.removeEmptyDirectories(createdParents)
            throw error
        }
    }

    /// Names (normalized paths, in archive order) of the entries of `archivePath`, after
    /// the same checks and limits as ``extract(_:into:limits:)``; nothing is written.
    /// All data is decoded, so a truncated or corrupt archive is reported.
    public static func list(_ archivePath: String, limits: ArchiveLimits = .default) throws -> [String] {
        var collector = NameCollector()
        _ = try ArchiveScanner.scan(ArchiveReader(path: archivePath), limits: limits, into: &collector)
        return collector.names
    }

    /// Creates `<parent>/.<name>.extracting-XXXXXX` (mode 0700 until success).
    private static func makeStagingDirectory(for directory: String, in parent: String) throws -> String {
        var template = Array("\(parent)/.\(FileSystem.baseName(of: directory)).extracting-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw FileSystem.error(parent, "creating a staging directory failed")
        }
        return String(cString: created)
    }
}
