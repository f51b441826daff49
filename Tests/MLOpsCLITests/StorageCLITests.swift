import Foundation
import MLOpsTestSupport
import Testing

/// `mlops storage check` against moto (scripts/with-moto.sh): a working bucket is proven, a
/// missing bucket and missing credentials are named.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] != nil, "needs MLOPS_TEST_S3_ENDPOINT (scripts/with-moto.sh)"))
struct StorageCLITests {
    static let endpoint = ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] ?? ""
    static let aws = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL": endpoint]

    @Test func checkProvesABucketAndNamesWhatIsWrong() async throws {
        let cli = try CLIHarness(.sqlite)
        let bucket = "cli-" + UUID().uuidString.lowercased().prefix(12)
        // The platform never creates buckets: the test does, as an operator would.
        let created = try Shell.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "\(Self.endpoint)/\(bucket)"])
        try #require(created.stdout == "200", "creating the bucket answered \(created.stdout)")

        let ok = try await cli.run(["storage", "check", "s3://\(bucket)/team/ctr"], global: false, environment: Self.aws)
        #expect(ok.status == 0 && ok.stdout.contains("s3://\(bucket)/team/ctr: write, read, list and delete work"), "\(ok.stdout)\(ok.stderr)")

        let missing = try await cli.run(["storage", "check", "s3://no-such-bucket-at-all/x"], global: false, environment: Self.aws)
        #expect(missing.status == 1 && missing.stderr.contains("404 NoSuchBucket") && missing.stderr.contains("create it first"), "\(missing.stderr)")

        let noKeys = try await cli.run(["storage", "check", "s3://\(bucket)"], global: false, environment: ["AWS_ENDPOINT_URL": Self.endpoint])
        #expect(noKeys.status == 1 && noKeys.stderr.contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), "\(noKeys.stderr)")
    }

    /// Against a moto that checks signatures from the first request, keys it does not know are
    /// refused and named (the platform's own signature is checked against botocore's elsewhere).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["MLOPS_TEST_S3_AUTH_ENDPOINT"] != nil))
    func wrongCredentialsAreNamed() async throws {
        let cli = try CLIHarness(.sqlite)
        let endpoint = ProcessInfo.processInfo.environment["MLOPS_TEST_S3_AUTH_ENDPOINT"] ?? ""
        let refused = try await cli.run(
            ["storage", "check", "s3://any-bucket/x"], global: false,
            environment: ["AWS_ACCESS_KEY_ID": "AKIAWRONGKEY", "AWS_SECRET_ACCESS_KEY": "wrong", "AWS_ENDPOINT_URL": endpoint])
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("403 InvalidAccessKeyId") && refused.stderr.contains("check AWS_ACCESS_KEY_ID"), "\(refused.stderr)")
    }
}
