import Foundation
import MLOpsTestSupport
import Testing

/// `mlops auth token create | list | revoke`: the secret printed once on stdout and nowhere
/// else, list without secrets, revocation, and refusals with exit codes.
@Suite struct AuthCLITests {
    @Test(arguments: TestBackend.available)
    func tokensAreCreatedListedAndRevoked(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        let created = try await cli.run(["auth", "token", "create", "--name", "ci", "--role", "deployer"])
        #expect(created.status == 0)
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("mlops_") && secret.count == 49, "stdout is the token alone: \(created.stdout)")
        #expect(created.stderr.contains("shown only now") && !created.stderr.contains(secret))
        let listed = try #require(try await cli.json(["auth", "token", "list", "--json"]) as? [[String: Any]])
        #expect(listed.count == 1 && listed[0]["name"] as? String == "ci" && listed[0]["role"] as? String == "deployer")
        let table = try await cli.run(["auth", "token", "list"])
        #expect(table.stdout.contains("ci") && table.stdout.contains("live") && !table.stdout.contains(secret))
        #expect(try await cli.run(["auth", "token", "create", "--name", "ci", "--role", "admin"]).status == 1, "names are unique")
        #expect(try await cli.run(["auth", "token", "create", "--name", "x", "--role", "root"]).status == 2, "an unknown role is bad usage")
        #expect(try await cli.run(["auth", "token", "revoke", "ci"]).status == 0)
        #expect(try await cli.run(["auth", "token", "revoke", "ci"]).status == 1, "revoking twice names the problem")
        #expect(try await cli.run(["auth", "token", "list"]).stdout.contains("revoked"))
    }
}
