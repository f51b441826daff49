import Crypto
import Foundation

/// One numbered SQL migration file, e.g. `0001_registry.sql`.
public struct MigrationFile: Sendable, Equatable {
    public let name: String
    public let sql: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    /// The number before the first underscore (`0001_registry.sql` → 1), or nil when malformed.
    public var number: Int? {
        guard let prefix = name.split(separator: "_").first else { return nil }
        return Int(prefix)
    }

    /// SHA-256 of the SQL text (hex): the identity an applied migration keeps forever.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The state of one migration as `mlops db status` reports it.
public struct MigrationStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        /// Applied, and the file still matches.
        case applied
        /// Known to this binary, not yet applied.
        case pending
        /// Applied, but the file changed since (refused).
        case changed
        /// Applied by a newer binary; this binary does not know it.
        case unknown
    }

    public let number: Int
    public let name: String
    public let state: State
    public let checksum: String
    /// Unix milliseconds, for applied migrations.
    public let appliedAt: Int64?
}
