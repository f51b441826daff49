import Foundation
import MLOpsTestSupport
import ObjectStorage
import Testing

@testable import PredictionServer

/// Two replicas on one store and one bucket (moto, scripts/with-moto.sh): the second has an
/// empty cache and no shared disk, and serves the champion the first registered, downloaded
/// from the bucket and checked against its digest.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] != nil, "needs MLOPS_TEST_S3_ENDPOINT (scripts/with-moto.sh)"))
struct S3ServingTests {
    static let endpoint = ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] ?? ""

    @Test(arguments: TestBackend.available)
    func aReplicaWithAnEmptyCacheServesWhatAnotherRegistered(backend: TestBackend) async throws {
        let bucket = "serve-" + String(UUID().uuidString.lowercased().prefix(12))
        let created = try Shell.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "\(Self.endpoint)/\(bucket)"])
        try #require(created.stdout == "200")
        let remote = try S3RemoteArtifacts(
            location: "s3://\(bucket)/models",
            configuration: S3Configuration(
                credentials: .init(accessKeyID: "testing", secretAccessKey: "testing"), region: "us-east-1", endpoint: Self.endpoint))
        let first = try ServerFixture(backend, remote: remote)  // registers ctr/1 and ctr/2: uploaded
        let cache = try TemporaryDirectory.make(prefix: "replica-cache")
        let second = try ServerFixture(backend, database: first.database, artifactRoot: cache, seed: false, remote: remote)
        let port = try await second.start()
        defer { Task { await second.stop() } }
        let answer = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"instances\": [\(ServerFixture.instance([0.1, 0.2, 0.3, 0.4]))]}")
        #expect(answer.status == 200, "\(answer.body)")
        #expect(((answer.json as? [String: Any])?["predictions"] as? [Double])?.count == 1)
        let cached = FileManager.default.enumerator(atPath: cache + "/sha256")?.compactMap { $0 as? String }.filter { $0.hasSuffix(".tar.zst") }
        #expect(cached?.isEmpty == false, "the champion's archive came from the bucket into the replica's cache")
        await second.stop()
    }
}
