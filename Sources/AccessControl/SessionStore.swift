import Foundation
import MLOpsStore
import MLOpsTime

/// A signed-in dashboard browser: the token it signed in with (its name is the actor), that
/// token's role, and the CSRF token every form of the session must carry.
public struct BrowserSession: Sendable, Equatable {
    public let tokenName: String
    public let role: Role
    public let csrfToken: String
    public let expiresAt: Int64
}

/// Dashboard sign-ins in the metadata store. Signing in takes an API token; the browser then
/// holds a random session id (an HttpOnly cookie) whose SHA-256 alone is stored. Every look joins
/// the token, so a revoked token ends its sessions at once, on every replica.
public struct SessionStore: Sendable {
    public let database: SQLDatabase
    /// How long a sign-in lasts (12 hours).
    public static let defaultLifetimeMilliseconds: Int64 = 12 * 3_600_000

    public init(database: SQLDatabase) {
        self.database = database
    }

    /// Signs in with an API token's secret: the session id for the cookie and the session, or
    /// nil when the token is unknown, malformed or revoked. Expired sessions are swept.
    public func signIn(
        secret: String, lifetimeMilliseconds: Int64 = defaultLifetimeMilliseconds,
        now: Int64 = Clock.nowMilliseconds()
    ) throws -> (sessionID: String, session: BrowserSession)? {
        guard let token = try TokenStore(database: database).authenticate(secret) else { return nil }
        let sessionID = Self.randomToken()
        let csrf = Self.randomToken()
        let expires = now + lifetimeMilliseconds
        try database.transaction { c in
            _ = try c.execute("DELETE FROM dashboard_sessions WHERE expires_at < $1", [.int(now)])
            _ = try c.execute(
                "INSERT INTO dashboard_sessions (session_hash, token_name, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                [.text(TokenStore.digest(sessionID)), .text(token.name), .text(csrf), .int(now), .int(expires)])
        }
        return (sessionID, BrowserSession(tokenName: token.name, role: token.role, csrfToken: csrf, expiresAt: expires))
    }

    /// The live session a cookie's id belongs to, or nil (unknown, expired, or its token revoked).
    public func session(_ sessionID: String, now: Int64 = Clock.nowMilliseconds()) throws -> BrowserSession? {
        guard (20...200).contains(sessionID.utf8.count) else { return nil }
        let digest = TokenStore.digest(sessionID)
        return try database.withConnection { c in
            guard
                let row = try c.queryFirst(
                    """
                    SELECT s.session_hash, s.token_name, s.csrf_token, s.expires_at, t.role, t.revoked_at
                    FROM dashboard_sessions s JOIN api_tokens t ON t.name = s.token_name
                    WHERE s.session_hash = $1
                    """, [.text(digest)]),
                TokenStore.constantTimeEqual(try row.string("session_hash"), digest),
                try row.optionalInt("revoked_at") == nil,
                try row.int64("expires_at") > now,
                let role = Role(rawValue: try row.string("role"))
            else { return nil }
            return BrowserSession(
                tokenName: try row.string("token_name"), role: role,
                csrfToken: try row.string("csrf_token"), expiresAt: try row.int64("expires_at"))
        }
    }

    /// Ends a session (signing out); an unknown id is not an error.
    public func signOut(_ sessionID: String) throws {
        _ = try database.transaction { c in
            try c.execute("DELETE FROM dashboard_sessions WHERE session_hash = $1", [.text(TokenStore.digest(sessionID))])
        }
    }

    /// 32 random bytes as URL-safe base64 without padding (43 characters): session ids, CSRF
    /// tokens and the secret part of API tokens.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Equal strings compared without an early exit (for the CSRF token of a form).
    public static func tokensMatch(_ a: String, _ b: String) -> Bool { TokenStore.constantTimeEqual(a, b) }
}
