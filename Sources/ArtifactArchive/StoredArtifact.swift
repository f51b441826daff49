/// An archive held by an ``ArtifactStore`` under its content address.
public struct StoredArtifact: Sendable, Equatable {
    /// SHA-256 of the archive file's bytes, lowercase hex (64 characters).
    public let sha256: String
    /// Size of the archive file in bytes.
    public let sizeBytes: Int64
    /// Absolute or root-relative path of the stored archive file.
    public let path: String

    /// Creates a stored-artifact record.
    public init(sha256: String, sizeBytes: Int64, path: String) {
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.path = path
    }
}
