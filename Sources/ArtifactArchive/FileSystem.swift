#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX helpers shared by the archive code. Every failure becomes an
/// ``ArchiveError/io(path:message:)`` naming the path and the system error.
enum FileSystem {
    /// The file type bits of a `stat` or archive entry mode.
    enum FileType: Equatable {
        case regular, directory, symlink, fifo, characterDevice, blockDevice, socket, unknown

        /// Classifies `mode` (the `S_IFMT` bits; libarchive's `AE_IF*` values are the same).
        init(mode: UInt32) {
            switch mode & 0o170000 {
            case 0o100000: self = .regular
            case 0o040000: self = .directory
            case 0o120000: self = .symlink
            case 0o010000: self = .fifo
            case 0o020000: self = .characterDevice
            case 0o060000: self = .blockDevice
            case 0o140000: self = .socket
            default: self = .unknown
            }
        }

        /// Name used in error messages.
        var name: String {
            switch self {
            case .regular: return "regular file"
            case .directory: return "directory"
            case .symlink: return "symlink"
            case .fifo: return "fifo"
            case .characterDevice: return "character device"
            case .blockDevice: return "block device"
            case .socket: return "socket"
            case .unknown: return "file of unknown type"
            }
        }
    }

    /// The text of `errno` value `code`.
    static func message(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// An ``ArchiveError/io(path:message:)`` for the current `errno`.
    static func error(_ path: String, _ what: String) -> ArchiveError {
        .io(path: path, message: "\(what): \(message(errno))")
    }

    /// `lstat` of `path`, or nil when it does not exist.
    static func lstatIfExists(_ path: String) throws -> stat? {
        var info = stat()
        if lstat(path, &info) == 0 { return info }
        if errno == ENOENT { return nil }
        throw error(path, "lstat failed")
    }

    /// The directory part of `path` (`"."` when it has none).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        let head = trimmed[..<slash]
        return head.isEmpty ? "/" : String(head)
    }

    /// The last component of `path`.
    static func baseName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Creates `path` and any missing parents (mode 0755), like `mkdir -p`; returns the
    /// directories it created, outermost first.
    @discardableResult
    static func makeDirectories(_ path: String) throws -> [String] {
        if let info = try lstatIfExists(path) {
            if FileType(mode: UInt32(info.st_mode)) == .directory { return [] }
            var followed = stat()
            if stat(path, &followed) == 0, FileType(mode: UInt32(followed.st_mode)) == .directory { return [] }
            throw ArchiveError.io(path: path, message: "exists and is not a directory")
        }
        let up = parent(of: path)
        var created = up != path && up != "." ? try makeDirectories(up) : []
        if mkdir(path, 0o755) == 0 {
            created.append(path)
        } else if errno != EEXIST {
            throw error(path, "mkdir failed")
        }
        return created
    }

    /// Removes the directories `created` (innermost first) where they are still empty.
    static func removeEmptyDirectories(_ created: [String]) {
        for path in created.reversed() where rmdir(path) != 0 { return }
    }

    /// Whether `path` is a directory (not a symlink to one) with no entries.
    static func isEmptyDirectory(_ path: String) throws -> Bool {
        guard let dir = opendir(path) else { throw error(path, "opendir failed") }
        defer { closedir(dir) }
        while let item = readdir(dir) {
            let name = entryName(item)
            if name != "." && name != ".." { return false }
        }
        return true
    }

    /// The name of a `readdir` result, or nil when it is not valid UTF-8.
    static func entryName(_ item: UnsafeMutablePointer<dirent>) -> String? {
        withUnsafePointer(to: &item.pointee.d_name) { tuple in
            tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                String(validatingCString: $0)
            }
        }
    }

    /// Opens `path` read-only and `fsync`s it (works for files and directories).
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error(path, "open for fsync failed") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw error(path, "fsync failed") }
    }

    /// Writes all of `bytes` to `fd`, retrying on short writes and `EINTR`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = write(fd, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw error(path, "write failed")
            }
            remaining -= n
            base += n
        }
    }

    /// Reads up to `buffer.count` bytes, retrying on `EINTR`; 0 means end of file.
    static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw error(path, "read failed") }
        }
    }

    /// The target of the symlink at `path`.
    static func readLink(_ path: String) throws -> String {
        var size = 256
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let n = readlink(path, &buffer, size)
            if n < 0 { throw error(path, "readlink failed") }
            if n < size {
                let bytes = buffer[0..<n].map { UInt8(bitPattern: $0) }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw ArchiveError.io(path: path, message: "symlink target is not valid UTF-8")
                }
                return text
            }
            size *= 4
        }
    }

    /// A random hex token for temporary names.
    static func randomToken() -> String {
        let value = UInt64.random(in: 0 ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Removes `path` recursively without following symlinks; a missing path is fine.
    static func removeTree(_ path: String) throws {
        guard let info = try lstatIfExists(path) else { return }
        if FileType(mode: UInt32(info.st_mode)) == .directory {
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw error(path, "open failed") }
            defer { close(fd) }
            try removeContents(of: fd, path: path)
            if rmdir(path) != 0 { throw error(path, "rmdir failed") }
        } else if unlink(path) != 0, errno != ENOENT {
            throw error(path, "unlink failed")
        }
    }

    /// Removes everything inside the open directory `fd` (whose path is `path`, for messages).
    private static func removeContents(of fd: Int32, path: String) throws {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw error(path, "fdopendir failed")
        }
        var names: [[CChar]] = []
        while let item = readdir(dir) {
            let raw = withUnsafePointer(to: &item.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    Array(UnsafeBufferPointer(start: $0, count: strlen($0) + 1))
                }
            }
            if raw == [46, 0] || raw == [46, 46, 0] { continue }
            names.append(raw)
        }
        closedir(dir)
        for name in names {
            let child = path + "/" + String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw error(child, "fstatat failed") }
            if FileType(mode: UInt32(info.st_mode)) == .directory {
                let sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard sub >= 0 else { throw error(child, "open failed") }
                defer { close(sub) }
                try removeContents(of: sub, path: child)
                if unlinkat(fd, name, AT_REMOVEDIR) != 0 { throw error(child, "rmdir failed") }
            } else if unlinkat(fd, name, 0) != 0 {
                throw error(child, "unlink failed")
            }
        }
    }
}
