/// What an extraction produced.
public struct ExtractionSummary: Sendable, Equatable {
    /// Number of entries extracted (files, directories and symlinks).
    public let entries: Int
    /// Total bytes written to regular files.
    public let totalBytes: Int64

    /// Creates a summary.
    public init(entries: Int, totalBytes: Int64) {
        self.entries = entries
        self.totalBytes = totalBytes
    }
}
