#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The archivable contents of a directory, validated and sorted for reproducible output.
struct SourceTree {
    /// What one entry is.
    enum Kind: Equatable {
        case directory
        case file(size: Int64, executable: Bool)
        case symlink(target: String)
    }

    /// One file, directory or symlink below the root.
    struct Entry: Equatable {
        /// Path relative to the root, `/`-separated, no leading `./`.
        let relativePath: String
        /// Path on disk.
        let absolutePath: String
        let kind: Kind
    }

    /// Entries sorted bytewise by `relativePath`.
    let entries: [Entry]

    /// Walks `root` (not following symlinks) and validates every entry.
    ///
    /// Throws ``ArchiveError/unsupportedEntryType(entry:type:)`` for fifos, devices and
    /// sockets, ``ArchiveError/linkEscapes(entry:target:)`` for symlinks whose target is
    /// absolute or has a `..` component, and ``ArchiveError/unsafePath(entry:)`` for names
    /// that are not valid UTF-8.
    init(root: String) throws {
        var info = stat()
        guard stat(root, &info) == 0 else { throw FileSystem.error(root, "stat failed") }
        guard FileSystem.FileType(mode: UInt32(info.st_mode)) == .directory else {
            throw ArchiveError.io(path: root, message: "not a directory")
        }
        var found: [Entry] = []
        var pending: [String] = [""]
        while let relativeDir = pending.popLast() {
            let absoluteDir = relativeDir.isEmpty ? root : root + "/" + relativeDir
            for name in try Self.names(in: absoluteDir, relative: relativeDir) {
                let relative = relativeDir.isEmpty ? name : relativeDir + "/" + name
                let absolute = absoluteDir + "/" + name
                let entry = try Self.entry(relative: relative, absolute: absolute)
                if entry.kind == .directory { pending.append(relative) }
                found.append(entry)
            }
        }
        entries = found.sorted { Array($0.relativePath.utf8).lexicographicallyPrecedes($1.relativePath.utf8) }
    }

    /// Names in directory `path`, excluding `.` and `..`.
    private static func names(in path: String, relative: String) throws -> [String] {
        guard let dir = opendir(path) else { throw FileSystem.error(path, "opendir failed") }
        defer { closedir(dir) }
        var result: [String] = []
        while true {
            errno = 0
            guard let item = readdir(dir) else {
                if errno != 0 { throw FileSystem.error(path, "readdir failed") }
                return result
            }
            guard let name = FileSystem.entryName(item) else {
                let shown = relative.isEmpty ? "<non-UTF-8 name>" : relative + "/<non-UTF-8 name>"
                throw ArchiveError.unsafePath(entry: shown)
            }
            if name != "." && name != ".." { result.append(name) }
        }
    }

    /// Classifies one path, refusing what cannot be archived safely.
    private static func entry(relative: String, absolute: String) throws -> Entry {
        var info = stat()
        guard lstat(absolute, &info) == 0 else { throw FileSystem.error(absolute, "lstat failed") }
        let type = FileSystem.FileType(mode: UInt32(info.st_mode))
        switch type {
        case .directory:
            return Entry(relativePath: relative, absolutePath: absolute, kind: .directory)
        case .regular:
            let executable = UInt32(info.st_mode) & 0o111 != 0
            return Entry(
                relativePath: relative, absolutePath: absolute,
                kind: .file(size: Int64(info.st_size), executable: executable))
        case .symlink:
            let target = try FileSystem.readLink(absolute)
            guard PathRules.isSafeLinkTarget(target) else {
                throw ArchiveError.linkEscapes(entry: relative, target: target)
            }
            return Entry(relativePath: relative, absolutePath: absolute, kind: .symlink(target: target))
        default:
            throw ArchiveError.unsupportedEntryType(entry: relative, type: type.name)
        }
    }
}
