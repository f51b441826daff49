import CArchive

/// Crafts arbitrary (including hostile) tar archives with raw libarchive.
public enum HostileArchive {
    /// One entry to write, valid or not.
    public enum Entry: Sendable {
        case file(String, [UInt8])
        /// A file of `size` copies of byte 0 (highly compressible), streamed.
        case zeros(String, size: Int)
        case directory(String)
        case symlink(String, target: String)
        case hardlink(String, target: String)
        case characterDevice(String)
        case fifo(String)
    }

    /// Writes `entries` as a pax tar to `path`, zstd-compressed unless `compressed` is false.
    public static func write(_ path: String, _ entries: [Entry], compressed: Bool = true) throws {
        guard let archive = archive_write_new() else { throw HostileArchiveError("archive_write_new") }
        defer { archive_write_free(archive) }
        if compressed { try check(archive, archive_write_add_filter_zstd(archive)) }
        try check(archive, archive_write_set_format_pax_restricted(archive))
        try check(archive, archive_write_open_filename(archive, path))
        for item in entries {
            guard let entry = archive_entry_new() else { throw HostileArchiveError("archive_entry_new") }
            defer { archive_entry_free(entry) }
            var data: [UInt8] = []
            var zeros = 0
            switch item {
            case .file(let name, let bytes):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o100000)
                archive_entry_set_perm(entry, 0o644)
                archive_entry_set_size(entry, Int64(bytes.count))
                data = bytes
            case .zeros(let name, let size):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o100000)
                archive_entry_set_perm(entry, 0o644)
                archive_entry_set_size(entry, Int64(size))
                zeros = size
            case .directory(let name):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o040000)
                archive_entry_set_perm(entry, 0o755)
            case .symlink(let name, let target):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o120000)
                archive_entry_set_perm(entry, 0o777)
                archive_entry_set_symlink(entry, target)
            case .hardlink(let name, let target):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o100000)
                archive_entry_set_perm(entry, 0o644)
                archive_entry_set_hardlink(entry, target)
            case .characterDevice(let name):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o020000)
                archive_entry_set_perm(entry, 0o666)
                archive_entry_set_rdev(entry, 0x0103)
            case .fifo(let name):
                archive_entry_set_pathname(entry, name)
                archive_entry_set_filetype(entry, 0o010000)
                archive_entry_set_perm(entry, 0o644)
            }
            try check(archive, archive_write_header(archive, entry))
            if !data.isEmpty {
                guard archive_write_data(archive, data, data.count) == data.count else {
                    throw HostileArchiveError("archive_write_data failed")
                }
            }
            let block = [UInt8](repeating: 0, count: 1 << 20)
            while zeros > 0 {
                let n = min(zeros, block.count)
                guard archive_write_data(archive, block, n) == n else { throw HostileArchiveError("archive_write_data failed") }
                zeros -= n
            }
        }
        try check(archive, archive_write_close(archive))
    }

    private static func check(_ archive: OpaquePointer, _ status: Int32) throws {
        guard status == ARCHIVE_OK else {
            let detail = archive_error_string(archive).map { String(cString: $0) } ?? "?"
            throw HostileArchiveError("libarchive status \(status): \(detail)")
        }
    }
}

/// Failure to craft an archive (a broken fixture, not a finding).
public struct HostileArchiveError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
