import Foundation
import MLOpsTestSupport
import ObjectStorage
import Testing

/// The registry with `--artifacts s3://bucket/prefix` against moto (scripts/with-moto.sh), on
/// both stores: register uploads, a new machine's empty cache downloads and checks the digest,
/// verify re-reads the object and detects damage, export and import work, runs go to $MLOPS_HOME/runs.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] != nil, "needs MLOPS_TEST_S3_ENDPOINT (scripts/with-moto.sh)"))
struct S3RegistryCLITests {
    static let endpoint = ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] ?? ""
    static let aws = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL": endpoint]

    static func curl(_ arguments: [String]) throws -> String {
        try Shell.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}"] + arguments).stdout
    }

    @Test(arguments: TestBackend.available)
    func theRegistryKeepsItsArchivesInS3(_ backend: TestBackend) async throws {
        let bucket = "reg-" + String(UUID().uuidString.lowercased().prefix(12))
        try #require(try Self.curl(["-X", "PUT", "\(Self.endpoint)/\(bucket)"]) == "200")
        let cli = try CLIHarness(backend, artifacts: "s3://\(bucket)/team/ctr")
        let data = cli.home + "/train.csv"
        #expect(try await cli.run(["data", "synth", "--rows", "2000", "--features", "5", "--seed", "3", "--out", data], global: false).status == 0)
        try await cli.run(["registry", "create", "ctr"], environment: Self.aws)
        let trained = try await cli.run(
            ["train", "--data", data, "--param", "num_round=5", "--out", cli.home + "/model", "--register", "ctr"], environment: Self.aws)
        try #require(trained.status == 0, "\(trained.stderr)")
        let versions = try #require(try await cli.json(["registry", "versions", "ctr", "--json"], environment: Self.aws) as? [[String: Any]])
        let digest = try #require(versions.first?["sha256"] as? String)
        let s3 = S3Client(
            configuration: S3Configuration(
                credentials: .init(accessKeyID: "testing", secretAccessKey: "testing"), region: "us-east-1", endpoint: Self.endpoint))
        let key = "team/ctr/sha256/\(digest.prefix(2))/\(digest).tar.zst"
        #expect(try await s3.head(bucket: bucket, key: key) != nil, "the archive is in the bucket under the prefix")

        // A machine with an empty cache downloads, checks the digest and predicts.
        try FileManager.default.removeItem(atPath: cli.home + "/registry/artifact-cache")
        let predicted = try await cli.run(["predict", "--model", "ctr/1", "--data", data, "--out", cli.home + "/p.csv"], environment: Self.aws)
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(try await cli.run(["registry", "verify", "ctr/1"], environment: Self.aws).stdout.contains("ok: ctr/1"))
        let exported = cli.home + "/ctr-1.tar.zst"
        #expect(try await cli.run(["registry", "export", "ctr/1", exported], environment: Self.aws).status == 0)
        let imported = try await cli.run(["registry", "import", "clicks", exported], environment: Self.aws)
        #expect(imported.status == 0, "\(imported.stderr)")

        // Damage in the bucket is detected by verify, and a cold read refuses it.
        try await s3.put(bucket: bucket, key: key, body: Array("not an archive".utf8))
        let verify = try await cli.run(["registry", "verify", "ctr/1"], environment: Self.aws)
        #expect(verify.status != 0 && verify.stderr.contains("ctr/1") && verify.stderr.contains(String(digest.prefix(12))), "\(verify.stderr)")
        try? FileManager.default.removeItem(atPath: cli.home + "/registry/artifact-cache")
        let cold = try await cli.run(["predict", "--model", "ctr/1", "--data", data, "--out", cli.home + "/p2.csv"], environment: Self.aws)
        #expect(cold.status != 0 && cold.stderr.contains(String(digest.prefix(12))), "\(cold.stderr)")

        // Without credentials the s3:// root is a clear error, not a local directory named s3:.
        let noKeys = try await cli.run(["registry", "versions", "ctr"], environment: ["AWS_ENDPOINT_URL": Self.endpoint])
        #expect(
            noKeys.status == 1 && noKeys.stderr.contains("MLOPS_ARTIFACT_ROOT") && noKeys.stderr.contains("AWS_ACCESS_KEY_ID"), "\(noKeys.stderr)")
    }

    /// A pipeline run with the artifact root in S3: it trains, registers (uploading the archive)
    /// and keeps its run directory in $MLOPS_HOME/runs.
    @Test func aPipelineRunRegistersIntoTheBucket() async throws {
        let bucket = "pipe-" + String(UUID().uuidString.lowercased().prefix(12))
        try #require(try Self.curl(["-X", "PUT", "\(Self.endpoint)/\(bucket)"]) == "200")
        let cli = try CLIHarness(.sqlite, artifacts: "s3://\(bucket)")
        try FileManager.default.createDirectory(atPath: cli.home + "/pipelines", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cli.home + "/data", withIntermediateDirectories: true)
        try PipelineCLITests.quickExample().write(toFile: cli.home + "/pipelines/ctr-retrain.yaml", atomically: true, encoding: .utf8)
        #expect(
            try await cli.run(
                ["data", "synth", "--rows", "3000", "--features", "6", "--seed", "1", "--out", cli.home + "/data/ctr-latest.csv"], global: false
            ).status == 0)
        #expect(try await cli.run(["pipelines", "run", "ctr-retrain"], environment: Self.aws).status == 0)
        let worker = try await cli.run(["worker", "run", "--until-idle"], environment: Self.aws)
        #expect(worker.status == 0 && worker.stdout.contains("0 failed"), "\(worker.stdout)\(worker.stderr)")
        let show = try await cli.run(["pipelines", "show", "ctr-retrain-1"], environment: Self.aws)
        #expect(show.stdout.contains("registered ctr/1"), "\(show.stdout)\(show.stderr)")
        let s3 = S3Client(
            configuration: S3Configuration(
                credentials: .init(accessKeyID: "testing", secretAccessKey: "testing"), region: "us-east-1", endpoint: Self.endpoint))
        let objects = try await s3.list(bucket: bucket, prefix: "sha256/")
        #expect(objects.count == 1 && objects[0].key.hasSuffix(".tar.zst"), "\(objects)")
        #expect(FileManager.default.fileExists(atPath: cli.home + "/runs/ctr-retrain-1"), "runs go to $MLOPS_HOME/runs")
    }
}
