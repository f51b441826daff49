import Foundation
import MLOpsTestSupport
import Testing

/// The CLI's exact shapes: JSON fields, exit codes (0 ok, 1 failed operation, 2 bad usage),
/// errors on stderr.
@Suite struct RegistryCLITests {
    @Test(arguments: TestBackend.available)
    func registerPromoteRollbackAndTheJSONShapes(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        #expect(try await cli.run(["registry", "create", "ctr", "--description", "CTR", "--tag", "team=ads"]).status == 0)
        let first = try cli.modelDirectory("m1", content: "{\"v\": 1}")
        let registered = try #require(
            try await cli.json([
                "registry", "register", "ctr", first, "--flavor", "xgboost", "--metric", "auc=0.71", "--param", "eta=0.1",
                "--tag", "owner=ml", "--json",
            ]) as? [String: Any])
        #expect(Set(registered.keys) == ["model", "version", "sha256"])
        #expect(registered["model"] as? String == "ctr" && registered["version"] as? Int == 1)
        #expect((registered["sha256"] as? String)?.count == 64)
        let second = try cli.modelDirectory("m2", content: "{\"v\": 2}")
        #expect(try await cli.run(["registry", "register", "ctr", second, "--metric", "auc=0.74"]).status == 0)

        #expect(try await cli.run(["registry", "promote", "ctr", "1", "--reason", "first"]).status == 0)
        #expect(try await cli.run(["registry", "promote", "ctr", "2", "--reason", "better"]).status == 0)
        let shown = try #require(try await cli.json(["registry", "show", "ctr@champion", "--json"]) as? [String: Any])
        for key in ["model", "version", "aliases", "sha256", "size_bytes", "flavor", "status", "metrics", "params", "tags", "created_at"] {
            #expect(shown[key] != nil, "show --json lacks \(key)")
        }
        #expect(shown["version"] as? Int == 2 && shown["aliases"] as? [String] == ["champion"])
        let v1 = try #require(try await cli.json(["registry", "show", "models:/ctr/1", "--json"]) as? [String: Any])
        #expect(v1["flavor"] as? String == "xgboost" && (v1["metrics"] as? [String: Double])?["auc"] == 0.71)
        #expect(v1["params"] as? [String: String] == ["eta": "0.1"] && v1["aliases"] as? [String] == ["previous"])

        let rollback = try await cli.run(["registry", "rollback", "ctr", "--reason", "ctr dropped"])
        #expect(rollback.status == 0 && rollback.stdout.contains("rolled back to version 1"))
        let versions = try #require(try await cli.json(["registry", "versions", "ctr", "--json"]) as? [[String: Any]])
        #expect(versions.map { $0["version"] as? Int } == [1, 2])
        #expect(versions.map { $0["aliases"] as? [String] } == [["champion"], ["previous"]])
        let models = try #require(try await cli.json(["registry", "models", "--json"]) as? [[String: Any]])
        #expect(models.count == 1 && models.first?["name"] as? String == "ctr")

        let history = try #require(try await cli.json(["registry", "history", "ctr", "--json"]) as? [[String: Any]])
        for event in history {
            for key in ["kind", "version", "from_version", "actor", "reason", "at"] {
                #expect(event.keys.contains(key), "history event lacks \(key)")
            }
        }
        let last = try #require(history.last)
        #expect(last["kind"] as? String == "rolled_back" && last["version"] as? Int == 1 && last["from_version"] as? Int == 2)
        #expect(last["actor"] as? String == "cli-test" && last["reason"] as? String == "ctr dropped")
        let withActor = try await cli.run(["registry", "alias", "set", "ctr", "challenger", "2", "--actor", "alice"])
        #expect(withActor.status == 0)
        let afterAlias = try #require(try await cli.json(["registry", "history", "ctr", "--json"]) as? [[String: Any]])
        #expect(afterAlias.last?["actor"] as? String == "alice" && afterAlias.last?["kind"] as? String == "alias_set")

        let human = try await cli.run(["registry", "history", "ctr"])
        #expect(human.status == 0 && human.stdout.contains("rolled_back") && human.stdout.contains("ctr dropped"))
    }

    @Test(arguments: TestBackend.available)
    func exitCodesAndErrorsOnStderr(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        try await cli.run(["registry", "create", "ctr"])
        // Bad usage: 2.
        for arguments in [
            ["registry", "create", "Bad Name"], ["registry", "show", "ctr/zero"], ["registry", "promote", "ctr", "x"],
            ["registry", "register", "ctr", "/tmp", "--metric", "auc=high"], ["registry", "nosuch"], ["registry", "models", "--bogus"],
        ] {
            let result = try await cli.run(arguments)
            #expect(result.status == 2, "\(arguments) should be a usage error, got \(result.status): \(result.stderr)")
            #expect(!result.stderr.isEmpty && result.stdout.isEmpty)
        }
        // Failed operations: 1, with the model or version named.
        let cases: [([String], String)] = [
            (["registry", "show", "nope/1"], "nope"),
            (["registry", "promote", "ctr", "7"], "no version 7"),
            (["registry", "rollback", "ctr"], "cannot roll back 'ctr'"),
            (["registry", "create", "ctr"], "already exists"),
            (["registry", "register", "ctr", cli.home + "/missing"], "missing"),
            (["registry", "alias", "set", "ctr", "champion", "1"], "promote"),
        ]
        for (arguments, fragment) in cases {
            let result = try await cli.run(arguments)
            #expect(result.status == 1, "\(arguments) should fail with 1, got \(result.status)")
            #expect(result.stderr.contains(fragment), "\(arguments): stderr should mention '\(fragment)': \(result.stderr)")
        }
        #expect(try await cli.run(["--help"], global: false).status == 0)
    }

    @Test(arguments: TestBackend.available)
    func flippedByteFailsVerifyAndDownloadNamingBothDigests(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        try await cli.run(["registry", "create", "ctr"])
        let dir = try cli.modelDirectory("m", content: String(repeating: "weights ", count: 1000))
        let registered = try #require(try await cli.json(["registry", "register", "ctr", dir, "--json"]) as? [String: Any])
        let digest = try #require(registered["sha256"] as? String)
        #expect(try await cli.run(["registry", "verify", "ctr/1"]).status == 0)
        let path = cli.artifacts + "/sha256/\(digest.prefix(2))/\(digest).tar.zst"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 20] ^= 0x80
        try bytes.write(to: URL(fileURLWithPath: path))
        let verify = try await cli.run(["registry", "verify", "ctr/1"])
        #expect(verify.status == 1 && verify.stderr.contains(digest) && verify.stderr.contains("ctr/1"))
        let download = try await cli.run(["registry", "download", "ctr@latest-does-not-exist", cli.home + "/x"])
        #expect(download.status == 1)
        let realDownload = try await cli.run(["registry", "download", "ctr/1", cli.home + "/out"])
        #expect(realDownload.status == 1 && realDownload.stderr.contains(digest))
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/out"))
    }

    @Test func databaseCommandsReportMigrations() async throws {
        let cli = try CLIHarness(.sqlite)
        let before = try #require(try await cli.json(["db", "status", "--json"]) as? [[String: Any]])
        #expect(before.allSatisfy { $0["state"] as? String == "pending" } && !before.isEmpty)
        let migrate = try await cli.run(["db", "migrate"])
        #expect(migrate.status == 0 && migrate.stdout.contains("applied 0001_registry.sql"))
        #expect(try await cli.run(["db", "migrate"]).stdout.contains("up to date"))
        let after = try #require(try await cli.json(["db", "status", "--json"]) as? [[String: Any]])
        #expect(after.allSatisfy { $0["state"] as? String == "applied" && $0["applied_at"] is String })
    }

    @Test func defaultsToTheEmbeddedRegistryUnderMLOpsHome() async throws {
        let cli = try CLIHarness(.sqlite)
        let result = try await cli.run(["registry", "create", "ctr"], global: false, environment: ["MLOPS_HOME": cli.home + "/home"])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.home + "/home/registry/mlops.db"))
        #expect(FileManager.default.fileExists(atPath: cli.home + "/home/registry/artifacts/sha256"))
    }

    @Test func logsAreJSONLinesWithACorrelationIDOffATerminal() async throws {
        let cli = try CLIHarness(.sqlite)
        let result = try await cli.run(["registry", "create", "ctr", "--log-level", "info"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        var ids = Set<String>()
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            ids.insert(try #require(object["correlation_id"] as? String))
            #expect(object["level"] is String && object["msg"] is String && object["ts"] is String)
        }
        #expect(ids.count == 1)
        #expect(lines.contains { $0.contains("model created") })
    }
}

/// libpq's standard environment variables fill in what the URL leaves out.
@Suite(.enabled(if: TestBackend.available.contains(.postgres)))
struct PostgresEnvironmentCLITests {
    @Test func pgEnvironmentVariablesAreHonored() async throws {
        let base = try #require(TestBackend.postgresURL)
        let url = try #require(URLComponents(string: base))
        let schemaURL = try TestBackend.freshSchemaURL()
        let schema = try #require(schemaURL.components(separatedBy: "%3D").last)
        let cli = try CLIHarness(.sqlite)
        let environment = [
            "PGHOST": try #require(url.host), "PGPORT": String(try #require(url.port)),
            "PGUSER": try #require(url.user), "PGDATABASE": String(url.path.dropFirst()),
            "PGOPTIONS": "-csearch_path=" + schema,
        ]
        let created = try await cli.run(
            ["registry", "create", "from-env", "--db", "postgresql://", "--artifacts", cli.artifacts], global: false, environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try await cli.run(
            ["registry", "models", "--json", "--db", "postgresql://", "--artifacts", cli.artifacts], global: false, environment: environment)
        #expect(listed.status == 0 && listed.stdout.contains("from-env"))
        // A wrong port fails clearly and quickly (connection refused is retried until the
        // checkout timeout; a wrong database name is not retried at all).
        var wrong = environment
        wrong["PGDATABASE"] = "no_such_database"
        let failed = try await cli.run(
            ["registry", "models", "--db", "postgresql://", "--artifacts", cli.artifacts], global: false, environment: wrong)
        #expect(failed.status == 1 && failed.stderr.contains("no_such_database"))
    }
}
