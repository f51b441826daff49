/// Upper bounds applied while reading an archive, so that a hostile or corrupt
/// archive cannot exhaust memory, inodes or disk.
public struct ArchiveLimits: Sendable, Equatable {
    /// Maximum number of entries (files, directories and symlinks) in one archive.
    public var maxEntries: Int
    /// Maximum total uncompressed bytes of all regular files, counted as actually decoded.
    public var maxTotalBytes: Int64

    /// Creates limits; the defaults are 100 000 entries and 4 GiB.
    public init(maxEntries: Int = 100_000, maxTotalBytes: Int64 = 4 << 30) {
        self.maxEntries = maxEntries
        self.maxTotalBytes = maxTotalBytes
    }

    /// 100 000 entries, 4 GiB.
    public static let `default` = ArchiveLimits()
}
