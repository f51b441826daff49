#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Materializes validated entries below an open directory, using only `*at` calls that
/// never follow symlinks: parents are opened with `O_NOFOLLOW|O_DIRECTORY`, files are
/// created with `O_CREAT|O_EXCL|O_NOFOLLOW`. Modes are normalized (0755 directories,
/// 0644 or 0755 files); ownership and timestamps are not restored.
final class TreeWriter: ArchiveEntrySink {
    private let rootFD: Int32
    private let rootPath: String
    private var fileFD: Int32 = -1
    private var filePath = ""

    /// Writes into the directory `rootPath`, which must exist.
    init(rootPath: String) throws {
        let fd = open(rootPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error(rootPath, "open failed") }
        rootFD = fd
        self.rootPath = rootPath
    }

    deinit {
        if fileFD >= 0 { close(fileFD) }
        close(rootFD)
    }

    func begin(_ entry: ValidatedEntry) throws {
        // Defense in depth: the validator already guarantees this.
        guard !entry.components.isEmpty,
            entry.components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("/") })
        else {
            throw ArchiveError.unsafePath(entry: entry.path)
        }
        let parent = try openParent(of: entry)
        defer { if parent != rootFD { close(parent) } }
        let name = entry.components[entry.components.count - 1]
        let full = rootPath + "/" + entry.path
        switch entry.kind {
        case .directory:
            if mkdirat(parent, name, 0o755) != 0 {
                guard errno == EEXIST, isDirectory(parent, name) else {
                    throw conflictOrIO(entry, full, "mkdir failed")
                }
            }
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystem.error(full, "open failed") }
            defer { close(fd) }
            if fchmod(fd, 0o755) != 0 { throw FileSystem.error(full, "chmod failed") }
        case .symlink(let target):
            if symlinkat(target, parent, name) != 0 { throw conflictOrIO(entry, full, "symlink failed") }
        case .file(let executable):
            let fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw conflictOrIO(entry, full, "create failed") }
            fileFD = fd
            filePath = full
            if fchmod(fd, executable ? 0o755 : 0o644) != 0 { throw FileSystem.error(full, "chmod failed") }
        }
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        guard fileFD >= 0 else { return }
        try FileSystem.writeAll(fileFD, chunk, path: filePath)
    }

    func end(_ entry: ValidatedEntry) throws {
        guard fileFD >= 0 else { return }
        let fd = fileFD
        fileFD = -1
        if close(fd) != 0 { throw FileSystem.error(filePath, "close failed") }
    }

    /// Opens (creating as needed) the directory that will hold `entry`; returns `rootFD`
    /// for top-level entries. Symlinks on the way make the open fail.
    private func openParent(of entry: ValidatedEntry) throws -> Int32 {
        var current = rootFD
        var walked = rootPath
        for component in entry.components.dropLast() {
            walked += "/" + component
            if mkdirat(current, component, 0o755) != 0, errno != EEXIST {
                let failure = FileSystem.error(walked, "mkdir failed")
                if current != rootFD { close(current) }
                throw failure
            }
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            if current != rootFD { close(current) }
            guard next >= 0 else {
                if code == ELOOP || code == ENOTDIR { throw ArchiveError.conflictingEntry(entry: entry.path) }
                throw ArchiveError.io(path: walked, message: "open failed: \(FileSystem.message(code))")
            }
            current = next
        }
        return current
    }

    /// Whether `name` in `dirFD` is a real directory (not a symlink to one).
    private func isDirectory(_ dirFD: Int32, _ name: String) -> Bool {
        var info = stat()
        return fstatat(dirFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0
            && FileSystem.FileType(mode: UInt32(info.st_mode)) == .directory
    }

    /// ``ArchiveError/conflictingEntry(entry:)`` when something is already there, else an I/O error.
    private func conflictOrIO(_ entry: ValidatedEntry, _ full: String, _ what: String) -> ArchiveError {
        let code = errno
        if code == EEXIST || code == ELOOP || code == ENOTDIR { return .conflictingEntry(entry: entry.path) }
        return .io(path: full, message: "\(what): \(FileSystem.message(code))")
    }
}
