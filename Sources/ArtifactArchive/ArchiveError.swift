/// Errors raised while creating, reading, extracting or storing archives.
///
/// Every message names the file, entry, limit or digest at fault.
public enum ArchiveError: Error, CustomStringConvertible, Equatable {
    /// The file is empty or is not a (possibly compressed) tar archive.
    case notAnArchive(path: String)
    /// The archive was recognised but its data is truncated or corrupt.
    case corrupt(path: String, detail: String)
    /// An entry name is absolute, empty, contains a `..` component, or is not valid UTF-8.
    case unsafePath(entry: String)
    /// A symlink's target is absolute, empty or contains a `..` component.
    case linkEscapes(entry: String, target: String)
    /// An entry's parent path goes through a symlink (`link`) of the same archive.
    case throughSymlink(entry: String, link: String)
    /// A hardlink, device, fifo, socket or unknown entry (`type` names it).
    case unsupportedEntryType(entry: String, type: String)
    /// An entry would replace, or descend into, an earlier non-directory entry.
    case conflictingEntry(entry: String)
    /// The archive has more than `limit` entries.
    case tooManyEntries(limit: Int)
    /// The files of the archive add up to more than `limit` bytes.
    case tooLarge(limit: Int64)
    /// A stored archive's SHA-256 is not the expected one.
    case digestMismatch(subject: String, expected: String, actual: String)
    /// No stored archive exists for `sha256`.
    case missing(subject: String, sha256: String)
    /// `value` is not a 64-character hexadecimal SHA-256.
    case invalidDigest(value: String)
    /// The extraction target exists and is not an empty directory.
    case destinationNotEmpty(path: String)
    /// A file that must be created already exists.
    case alreadyExists(path: String)
    /// A system call or libarchive call failed on `path`.
    case io(path: String, message: String)

    /// A human-readable message naming what is at fault.
    public var description: String {
        switch self {
        case .notAnArchive(let path):
            return "'\(path)' is not a tar archive (empty, unknown format or unknown compression)"
        case .corrupt(let path, let detail):
            return "archive '\(path)' is truncated or corrupt: \(detail)"
        case .unsafePath(let entry):
            return "archive entry '\(entry)' has an unsafe path (absolute, empty, '..' component or not UTF-8)"
        case .linkEscapes(let entry, let target):
            return "symlink entry '\(entry)' points to '\(target)', which is absolute, empty or contains '..'"
        case .throughSymlink(let entry, let link):
            return "archive entry '\(entry)' would be written through the symlink '\(link)'"
        case .unsupportedEntryType(let entry, let type):
            return "entry '\(entry)' is a \(type), which is not allowed (only files, directories and relative symlinks)"
        case .conflictingEntry(let entry):
            return "archive entry '\(entry)' conflicts with an earlier entry of the same archive"
        case .tooManyEntries(let limit):
            return "archive has more than \(limit) entries (limit maxEntries = \(limit))"
        case .tooLarge(let limit):
            return "archive contents exceed \(limit) bytes (limit maxTotalBytes = \(limit))"
        case .digestMismatch(let subject, let expected, let actual):
            return "digest mismatch for \(subject): expected sha256 \(expected), actual sha256 \(actual)"
        case .missing(let subject, let sha256):
            return "no stored archive for \(subject) (sha256 \(sha256))"
        case .invalidDigest(let value):
            return "'\(value)' is not a SHA-256 digest (64 hexadecimal characters expected)"
        case .destinationNotEmpty(let path):
            return "extraction target '\(path)' exists and is not an empty directory"
        case .alreadyExists(let path):
            return "'\(path)' already exists"
        case .io(let path, let message):
            return "I/O error on '\(path)': \(message)"
        }
    }
}
