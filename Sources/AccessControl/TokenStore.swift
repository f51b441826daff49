import Crypto
import Foundation
import MLOpsStore
import MLOpsTime

/// API tokens in the metadata store. A token is `mlops_` and 43 characters of URL-safe base64
/// (32 random bytes); only its SHA-256 is stored, so the secret is shown once, at creation.
/// Authentication looks the hash up on every call (no cache), so a revoked token stops working
/// at once, and compares the stored and computed digests in constant time.
public struct TokenStore: Sendable {
    public let database: SQLDatabase
    public static let prefix = "mlops_"

    public init(database: SQLDatabase) {
        self.database = database
    }

    /// Creates a token and returns its secret (shown once) with the stored record.
    public func create(name: String, role: Role) throws -> (secret: String, token: APIToken) {
        guard (1...63).contains(name.utf8.count),
            name.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            })
        else { throw AccessError.invalidName(name) }
        let secret = Self.prefix + SessionStore.randomToken()
        let now = Clock.nowMilliseconds()
        do {
            try database.transaction { c in
                try c.execute(
                    "INSERT INTO api_tokens (name, role, token_hash, created_at, revoked_at, last_used_at) VALUES ($1, $2, $3, $4, NULL, NULL)",
                    [.text(name), .text(role.rawValue), .text(Self.digest(secret)), .int(now)])
            }
        } catch StoreError.uniqueViolation {
            throw AccessError.tokenExists(name)
        }
        return (secret, APIToken(name: name, role: role, createdAt: now, revokedAt: nil, lastUsedAt: nil))
    }

    public func list() throws -> [APIToken] {
        try database.withConnection { c in
            try c.query("SELECT name, role, created_at, revoked_at, last_used_at FROM api_tokens ORDER BY name", []).map(Self.token)
        }
    }

    /// Revokes a token; its next use fails.
    public func revoke(name: String) throws {
        let changed = try database.transaction { c in
            try c.execute(
                "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL", [.text(name), .int(Clock.nowMilliseconds())])
        }
        guard changed == 1 else { throw AccessError.tokenNotFound(name) }
    }

    /// The live token a presented secret belongs to, or nil (unknown, malformed or revoked).
    public func authenticate(_ secret: String) throws -> APIToken? {
        guard secret.hasPrefix(Self.prefix), secret.utf8.count < 200 else { return nil }
        let digest = Self.digest(secret)
        return try database.withConnection { c in
            guard
                let row = try c.queryFirst(
                    "SELECT name, role, created_at, revoked_at, last_used_at, token_hash FROM api_tokens WHERE token_hash = $1", [.text(digest)]),
                Self.constantTimeEqual(try row.string("token_hash"), digest)
            else { return nil }
            let token = try Self.token(row)
            return token.isRevoked ? nil : token
        }
    }

    /// Marks a token used (for `auth token list`); best effort, at most once a minute per token.
    public func touch(_ token: APIToken) {
        let now = Clock.nowMilliseconds()
        if let last = token.lastUsedAt, now - last < 60_000 { return }
        _ = try? database.transaction { c in
            try c.execute("UPDATE api_tokens SET last_used_at = $2 WHERE name = $1", [.text(token.name), .int(now)])
        }
    }

    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Equal strings of equal length compared without an early exit.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    private static func token(_ row: SQLRow) throws -> APIToken {
        APIToken(
            name: try row.string("name"), role: Role(rawValue: try row.string("role")) ?? .reader,
            createdAt: try row.int64("created_at"), revokedAt: try row.optionalInt("revoked_at").map(Int64.init),
            lastUsedAt: try row.optionalInt("last_used_at").map(Int64.init))
    }
}
