import CArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a ``SourceTree`` as a reproducible pax-restricted tar compressed with zstd.
final class ArchiveWriter {
    private let archive: OpaquePointer
    private let archivePath: String
    private let buffer: UnsafeMutableRawBufferPointer

    /// Starts an archive that libarchive writes to `fd`; `archivePath` is for messages.
    init(fileDescriptor fd: Int32, archivePath: String) throws {
        guard let archive = archive_write_new() else {
            throw ArchiveError.io(path: archivePath, message: "archive_write_new failed")
        }
        self.archive = archive
        self.archivePath = archivePath
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        try check(archive_write_add_filter_zstd(archive), "enable zstd compression")
        try check(archive_write_set_format_pax_restricted(archive), "select pax format")
        try check(archive_write_open_fd(archive, fd), "open for writing")
    }

    deinit {
        archive_write_free(archive)
        buffer.deallocate()
    }

    /// Appends every entry of `tree`, then finishes the archive.
    func write(_ tree: SourceTree) throws {
        for item in tree.entries { try append(item) }
        try check(archive_write_close(archive), "finish archive")
    }

    /// Writes one header (normalized metadata) and, for files, its bytes.
    private func append(_ item: SourceTree.Entry) throws {
        guard let entry = archive_entry_new() else {
            throw ArchiveError.io(path: archivePath, message: "archive_entry_new failed")
        }
        defer { archive_entry_free(entry) }
        // Names go in as raw bytes (already UTF-8). Under the C locale libarchive cannot
        // "translate" non-ASCII ones and writes them with a per-entry hdrcharset=BINARY
        // pax header (a warning, logged at debug): raw bytes, independent of the locale.
        // (archive_entry_set_pathname_utf8 would crash libarchive 3.6's pax writer here.)
        archive_entry_set_pathname(entry, item.relativePath)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        archive_entry_set_mtime(entry, 0, 0)
        switch item.kind {
        case .directory:
            archive_entry_set_filetype(entry, 0o040000)
            archive_entry_set_perm(entry, 0o755)
        case .file(let size, let executable):
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, executable ? 0o755 : 0o644)
            archive_entry_set_size(entry, size)
        case .symlink(let target):
            archive_entry_set_filetype(entry, 0o120000)
            archive_entry_set_perm(entry, 0o777)
            archive_entry_set_symlink(entry, target)
        }
        try check(
            archive_write_header(archive, entry), "write header of '\(item.relativePath)'",
            warningIsExpected: true)
        if case .file(let size, _) = item.kind {
            try copyData(of: item, expectedSize: size)
        }
    }

    /// Streams a regular file's bytes into the archive; the file must not change meanwhile.
    private func copyData(of item: SourceTree.Entry, expectedSize: Int64) throws {
        let path = item.absolutePath
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error(path, "open failed") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystem.error(path, "fstat failed") }
        guard FileSystem.FileType(mode: UInt32(info.st_mode)) == .regular, Int64(info.st_size) == expectedSize else {
            throw ArchiveError.io(path: path, message: "file changed while being archived")
        }
        var written: Int64 = 0
        while true {
            let n = try FileSystem.readSome(fd, into: buffer, path: path)
            if n == 0 { break }
            guard written + Int64(n) <= expectedSize else {
                throw ArchiveError.io(path: path, message: "file grew while being archived")
            }
            let result = archive_write_data(archive, buffer.baseAddress, n)
            guard result == n else {
                throw ArchiveError.io(
                    path: archivePath,
                    message: "writing data of '\(item.relativePath)' failed: \(libraryMessage())")
            }
            written += Int64(n)
        }
        guard written == expectedSize else {
            throw ArchiveError.io(path: path, message: "file shrank while being archived")
        }
    }

    /// Throws unless `status` is `ARCHIVE_OK` (a warning is logged and accepted).
    private func check(_ status: Int32, _ action: String, warningIsExpected: Bool = false) throws {
        if status == ARCHIVE_OK { return }
        if status == ARCHIVE_WARN {
            ArchiveLog.logger.log(
                level: warningIsExpected ? .debug : .warning, "libarchive warning",
                metadata: [
                    "archive": "\(archivePath)", "action": "\(action)", "detail": "\(libraryMessage())",
                ])
            return
        }
        throw ArchiveError.io(path: archivePath, message: "\(action) failed: \(libraryMessage())")
    }

    /// libarchive's last error text.
    private func libraryMessage() -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
