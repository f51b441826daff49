import CArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A libarchive reader over one file: any compression filter, tar formats only.
final class ArchiveReader {
    /// The archive's path, for messages.
    let path: String
    private let archive: OpaquePointer
    private let fd: Int32

    /// Opens `path`. Throws ``ArchiveError/io(path:message:)`` when it cannot be read and
    /// ``ArchiveError/notAnArchive(path:)`` when it is empty or not a tar archive.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error(path, "open failed") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = FileSystem.error(path, "fstat failed")
            close(fd)
            throw failure
        }
        guard FileSystem.FileType(mode: UInt32(info.st_mode)) == .regular, info.st_size > 0 else {
            close(fd)
            throw ArchiveError.notAnArchive(path: path)
        }
        guard let archive = archive_read_new() else {
            close(fd)
            throw ArchiveError.io(path: path, message: "archive_read_new failed")
        }
        self.fd = fd
        self.archive = archive
        guard archive_read_support_filter_all(archive) == ARCHIVE_OK,
            archive_read_support_format_tar(archive) == ARCHIVE_OK
        else {
            throw ArchiveError.io(path: path, message: "libarchive setup failed: \(libraryMessage())")
        }
        guard archive_read_open_fd(archive, fd, 1 << 16) == ARCHIVE_OK else {
            ArchiveLog.logger.debug(
                "archive open failed",
                metadata: [
                    "archive": "\(path)", "detail": "\(libraryMessage())",
                ])
            throw ArchiveError.notAnArchive(path: path)
        }
    }

    deinit {
        archive_read_free(archive)
        close(fd)
    }

    /// The next entry header, or nil at the end of the archive. The entry is owned by the
    /// reader and valid until the next call.
    ///
    /// libarchive accepts a tar that simply stops at an entry boundary (as a truncated
    /// zstd stream can); such an archive is reported as corrupt here, because a complete
    /// one ends with at least one all-zero 512-byte block, which libarchive consumes.
    func nextEntry() throws -> OpaquePointer? {
        var entry: OpaquePointer?
        let before = archive_filter_bytes(archive, 0)
        let status = archive_read_next_header(archive, &entry)
        switch status {
        case ARCHIVE_OK:
            return entry
        case ARCHIVE_EOF:
            guard archive_filter_bytes(archive, 0) - before >= 512 else {
                throw ArchiveError.corrupt(
                    path: path,
                    detail: "archive ends without an end-of-archive marker (truncated)")
            }
            return nil
        case ARCHIVE_WARN:
            ArchiveLog.logger.warning(
                "libarchive warning while reading a header",
                metadata: [
                    "archive": "\(path)", "detail": "\(libraryMessage())",
                ])
            return entry
        default:
            throw ArchiveError.corrupt(path: path, detail: libraryMessage())
        }
    }

    /// Decodes the next bytes of the current entry into `buffer`; 0 at its end.
    func readData(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = archive_read_data(archive, buffer.baseAddress, buffer.count)
        if n < 0 { throw ArchiveError.corrupt(path: path, detail: libraryMessage()) }
        return n
    }

    /// libarchive's last error text.
    private func libraryMessage() -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
