import AccessControl
import MLOpsStore
import MLOpsTestSupport
import Testing

@Suite struct TokenStoreTests {
    @Test(arguments: TestBackend.available)
    func aTokenIsShownOnceStoredAsAHashAndStopsWhenRevoked(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        let store = TokenStore(database: database)
        let (secret, token) = try store.create(name: "ci", role: .deployer)
        #expect(secret.hasPrefix("mlops_") && secret.count == 49 && token.role == .deployer)
        let stored = try database.withConnection {
            try $0.queryFirst("SELECT token_hash FROM api_tokens WHERE name = 'ci'", [])!.string("token_hash")
        }
        #expect(stored.count == 64 && !stored.contains(secret) && stored != secret, "only a SHA-256 is stored")
        #expect(try store.authenticate(secret)?.name == "ci")
        #expect(try store.authenticate(secret + "x") == nil && store.authenticate("mlops_") == nil && store.authenticate("Bearer \(secret)") == nil)
        #expect(throws: AccessError.tokenExists("ci")) { try store.create(name: "ci", role: .admin) }
        #expect(throws: AccessError.invalidName("bad name")) { try store.create(name: "bad name", role: .admin) }
        try store.revoke(name: "ci")
        #expect(try store.authenticate(secret) == nil)
        #expect(throws: AccessError.tokenNotFound("ci")) { try store.revoke(name: "ci") }
        #expect(try store.list().map(\.isRevoked) == [true])
    }

    @Test func rolesIncludeTheOnesBelow() {
        #expect(Role.reader < .deployer && Role.deployer < .admin && !(Role.admin < .reader))
    }
}
