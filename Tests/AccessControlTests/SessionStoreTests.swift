import AccessControl
import MLOpsStore
import MLOpsTestSupport
import Testing

/// Dashboard sessions on both stores: signing in with a live token only, the session's token
/// joined on every look (revocation ends it), expiry, signing out, and only a hash stored.
@Suite struct SessionStoreTests {
    @Test(arguments: TestBackend.available)
    func aSessionLivesWhileItsTokenDoesAndUntilItExpires(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        let tokens = TokenStore(database: database)
        let sessions = SessionStore(database: database)
        let secret = try tokens.create(name: "alice", role: .deployer).secret
        #expect(try sessions.signIn(secret: "mlops_unknown") == nil)
        #expect(try sessions.signIn(secret: "") == nil)

        let (id, session) = try #require(try sessions.signIn(secret: secret, lifetimeMilliseconds: 60_000, now: 1_000))
        #expect(session.tokenName == "alice" && session.role == .deployer && session.expiresAt == 61_000)
        #expect(id != secret && id.count == 43 && session.csrfToken.count == 43 && session.csrfToken != id)
        #expect(try sessions.session(id, now: 2_000) == session)
        #expect(try sessions.session(id, now: 61_000) == nil, "expired")
        #expect(try sessions.session(id + "x", now: 2_000) == nil)
        let stored = try database.withConnection { try $0.query("SELECT session_hash FROM dashboard_sessions", []) }
        #expect(stored.count == 1)
        #expect(try stored[0].string("session_hash") != id, "only the hash is stored")

        let (second, _) = try #require(try sessions.signIn(secret: secret, now: 70_000))
        #expect(
            try database.withConnection { try $0.query("SELECT session_hash FROM dashboard_sessions", []) }.count == 1,
            "signing in swept the expired session")
        try sessions.signOut(second)
        #expect(try sessions.session(second, now: 70_001) == nil)
        try sessions.signOut("never-existed")

        let (third, _) = try #require(try sessions.signIn(secret: secret))
        try tokens.revoke(name: "alice")
        #expect(try sessions.session(third) == nil, "revoking the token ends its sessions at once")
        #expect(try sessions.signIn(secret: secret) == nil)
    }

    @Test func csrfTokensCompareExactly() {
        #expect(SessionStore.tokensMatch("abc", "abc"))
        #expect(!SessionStore.tokensMatch("abc", "abd") && !SessionStore.tokensMatch("abc", "abcd") && !SessionStore.tokensMatch("", "a"))
    }
}
