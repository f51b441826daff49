import CArchive

/// An archive entry that passed every safety check.
struct ValidatedEntry {
    /// What the entry creates.
    enum Kind: Equatable {
        case directory
        case file(executable: Bool)
        case symlink(target: String)
    }

    /// Normalized `/`-joined path (no trailing slash, no `.` components).
    let path: String
    /// The components of `path`, never empty, never `.` or `..`.
    let components: [String]
    let kind: Kind
}

/// Applies the extraction rules to each header in turn, remembering the tree built so
/// far, and counts entries and decoded bytes against the limits.
struct EntryValidator {
    private enum Node { case directory, file, symlink }

    let limits: ArchiveLimits
    private(set) var entryCount = 0
    private(set) var totalBytes: Int64 = 0
    private var nodes: [String: Node] = [:]

    init(limits: ArchiveLimits) {
        self.limits = limits
    }

    /// Validates the libarchive `entry`; nil for an entry naming the root itself (`./`).
    mutating func admit(_ entry: OpaquePointer) throws -> ValidatedEntry? {
        entryCount += 1
        guard entryCount <= limits.maxEntries else { throw ArchiveError.tooManyEntries(limit: limits.maxEntries) }

        let name = try Self.text(archive_entry_pathname_utf8(entry), fallback: archive_entry_pathname(entry))
        guard let name, let components = PathRules.components(of: name) else {
            throw ArchiveError.unsafePath(entry: Self.display(archive_entry_pathname(entry)))
        }
        if archive_entry_hardlink(entry) != nil {
            throw ArchiveError.unsupportedEntryType(entry: name, type: "hardlink")
        }
        let kind: ValidatedEntry.Kind
        let type = FileSystem.FileType(mode: UInt32(archive_entry_filetype(entry)))
        switch type {
        case .directory:
            kind = .directory
        case .regular:
            kind = .file(executable: UInt32(archive_entry_perm(entry)) & 0o111 != 0)
            if archive_entry_size_is_set(entry) != 0 {
                try checkTotal(adding: archive_entry_size(entry))
            }
        case .symlink:
            let target = try Self.text(archive_entry_symlink_utf8(entry), fallback: archive_entry_symlink(entry))
            guard let target, PathRules.isSafeLinkTarget(target) else {
                throw ArchiveError.linkEscapes(entry: name, target: Self.display(archive_entry_symlink(entry)))
            }
            kind = .symlink(target: target)
        default:
            throw ArchiveError.unsupportedEntryType(entry: name, type: type.name)
        }
        if components.isEmpty {
            guard kind == .directory else { throw ArchiveError.unsafePath(entry: name) }
            return nil
        }
        let path = components.joined(separator: "/")
        try place(path: path, components: components, kind: kind)
        return ValidatedEntry(path: path, components: components, kind: kind)
    }

    /// Counts `count` decoded bytes of file data against `maxTotalBytes`.
    mutating func account(bytes count: Int) throws {
        totalBytes += Int64(count)
        guard totalBytes <= limits.maxTotalBytes else { throw ArchiveError.tooLarge(limit: limits.maxTotalBytes) }
    }

    /// Throws when `size` more bytes would exceed `maxTotalBytes` (checked before decoding).
    private func checkTotal(adding size: Int64) throws {
        guard size >= 0, size <= limits.maxTotalBytes - totalBytes else {
            throw ArchiveError.tooLarge(limit: limits.maxTotalBytes)
        }
    }

    /// Records the entry in the tree, refusing paths through symlinks or files and
    /// anything that would replace an earlier entry (directories may repeat).
    private mutating func place(path: String, components: [String], kind: ValidatedEntry.Kind) throws {
        var prefix = ""
        for component in components.dropLast() {
            prefix = prefix.isEmpty ? component : prefix + "/" + component
            switch nodes[prefix] {
            case .symlink: throw ArchiveError.throughSymlink(entry: path, link: prefix)
            case .file: throw ArchiveError.conflictingEntry(entry: path)
            case .directory: continue
            case nil: nodes[prefix] = .directory
            }
        }
        let node: Node
        switch kind {
        case .directory: node = .directory
        case .file: node = .file
        case .symlink: node = .symlink
        }
        if let existing = nodes[path] {
            guard existing == .directory, node == .directory else { throw ArchiveError.conflictingEntry(entry: path) }
            return
        }
        nodes[path] = node
    }

    /// The UTF-8 form of a libarchive string (the raw form when no UTF-8 form exists).
    /// Nil when absent; throws ``ArchiveError/unsafePath(entry:)`` when not valid UTF-8.
    private static func text(_ utf8: UnsafePointer<CChar>?, fallback: UnsafePointer<CChar>?) throws -> String? {
        guard let pointer = utf8 ?? fallback else { return nil }
        guard let value = String(validatingCString: pointer) else {
            throw ArchiveError.unsafePath(entry: display(pointer))
        }
        return value
    }

    /// A printable form of a C string for messages (invalid UTF-8 is replaced).
    private static func display(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
