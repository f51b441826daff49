import Foundation
import OutgoingHTTP
import Testing

@testable import ObjectStorage

/// The S3 client against a real S3 implementation (moto, started by scripts/with-moto.sh in
/// `make test`): objects round-trip, conditional writes refuse to overwrite, listings page,
/// multipart uploads appear whole or not at all, and failures are named.
@Suite(.enabled(if: S3TestServer.endpoint != nil, "needs MLOPS_TEST_S3_ENDPOINT (scripts/with-moto.sh)"))
struct S3ClientTests {
    let client = S3Client(configuration: S3TestServer.configuration, retry: RetryPolicy(attempts: 2, base: .milliseconds(10)))

    /// A new bucket (the platform never creates buckets; tests do, with a raw request).
    func bucket() async throws -> String {
        let name = "test-" + UUID().uuidString.lowercased().prefix(18)
        _ = try await client.send("PUT", operation: "CreateBucket", bucket: String(name), key: nil)
        return String(name)
    }

    @Test func objectsRoundTripAndConditionalWritesRefuseToOverwrite() async throws {
        let bucket = try await bucket()
        let key = "sha256/ab/my model+v1 é.tar.zst"
        let body = Array((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(try await client.head(bucket: bucket, key: key) == nil)
        try await client.put(bucket: bucket, key: key, body: body, ifAbsent: true)
        #expect(try await client.get(bucket: bucket, key: key) == body)
        #expect(try await client.head(bucket: bucket, key: key)?.size == 70_000)
        do {
            try await client.put(bucket: bucket, key: key, body: [1, 2, 3], ifAbsent: true)
            Issue.record("an existing key was overwritten")
        } catch {
            #expect(error.description.contains("412 PreconditionFailed"), "\(error)")
        }
        #expect(try await client.get(bucket: bucket, key: key) == body, "the refused write changed nothing")
        try await client.delete(bucket: bucket, key: key)
        try await client.delete(bucket: bucket, key: key)  // deleting twice is fine
        do {
            _ = try await client.get(bucket: bucket, key: key)
            Issue.record("a deleted key was read")
        } catch {
            #expect(error.description.contains("404 NoSuchKey"), "\(error)")
        }
    }

    @Test func listingsFollowContinuationTokens() async throws {
        let bucket = try await bucket()
        for i in 0..<7 { try await client.put(bucket: bucket, key: "runs/r\(i)/log.txt", body: Array("log \(i)".utf8)) }
        try await client.put(bucket: bucket, key: "other/x", body: [1])
        let listed = try await client.list(bucket: bucket, prefix: "runs/", pageSize: 2)
        #expect(listed.map(\.key) == (0..<7).map { "runs/r\($0)/log.txt" })
        #expect(listed.allSatisfy { $0.size == 5 })
    }

    @Test func multipartUploadsAppearWholeOrNotAtAll() async throws {
        let bucket = try await bucket()
        let parts = (0..<3).map { p in Array(repeating: UInt8(65 + p), count: 3000) }
        let id = try await client.createMultipartUpload(bucket: bucket, key: "big")
        var etags: [String] = []
        for (n, part) in parts.enumerated() {
            etags.append(try await client.uploadPart(bucket: bucket, key: "big", uploadID: id, number: n + 1, body: part))
            #expect(try await client.head(bucket: bucket, key: "big") == nil, "no partial object is visible")
        }
        try await client.completeMultipartUpload(bucket: bucket, key: "big", uploadID: id, etags: etags, ifAbsent: true)
        #expect(try await client.get(bucket: bucket, key: "big") == parts.flatMap { $0 })

        let abandoned = try await client.createMultipartUpload(bucket: bucket, key: "gone")
        _ = try await client.uploadPart(bucket: bucket, key: "gone", uploadID: abandoned, number: 1, body: [1, 2, 3])
        try await client.abortMultipartUpload(bucket: bucket, key: "gone", uploadID: abandoned)
        try await client.abortMultipartUpload(bucket: bucket, key: "gone", uploadID: abandoned)  // already gone: fine
        #expect(try await client.head(bucket: bucket, key: "gone") == nil)
    }

    @Test func failuresNameTheOperationTheObjectAndTheCause() async throws {
        do {
            _ = try await client.get(bucket: "no-such-bucket-here", key: "k")
            Issue.record("a missing bucket answered")
        } catch {
            #expect(error.description.contains("S3 GetObject of s3://no-such-bucket-here/k failed: 404 NoSuchBucket"), "\(error)")
            #expect(error.description.contains("never creates buckets"))
        }
        // Nothing listens on a port just closed: retried, then named.
        let closed = S3TestServer.closedPort()
        var configuration = S3TestServer.configuration
        configuration.endpoint = "http://127.0.0.1:\(closed)"
        let http = OutgoingHTTPClient(connectTimeout: .milliseconds(300))
        let nowhere = S3Client(configuration: configuration, retry: RetryPolicy(attempts: 3, base: .milliseconds(5)), http: http)
        defer { Task { try? await http.shutdown() } }
        do {
            try await nowhere.put(bucket: "b", key: "k", body: [1])
            Issue.record("a closed port answered")
        } catch {
            guard case .unreachable(let operation, let resource, _) = error else {
                Issue.record("expected unreachable, got \(error)")
                return
            }
            #expect(operation == "PutObject" && resource == "s3://b/k")
        }
    }

    @Test func locationsAndEnvironmentAreReadStrictly() throws {
        let location = try S3Location(parsing: "s3://artifacts/team/ctr/")
        #expect(location.bucket == "artifacts" && location.prefix == "team/ctr" && location.key("sha256/ab/x") == "team/ctr/sha256/ab/x")
        #expect(try S3Location(parsing: "s3://artifacts").prefix == "")
        #expect(throws: S3Error.self) { try S3Location(parsing: "s3://Bad_Bucket/x") }
        #expect(throws: S3Error.self) { try S3Location(parsing: "/tmp/artifacts") }
        #expect(throws: S3Error.self) { try S3Configuration.fromEnvironment(["AWS_ACCESS_KEY_ID": "a"]) }
        let configuration = try S3Configuration.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_ENDPOINT_URL": "http://127.0.0.1:9000/", "AWS_REGION": "eu-west-1",
        ])
        #expect(configuration.endpoint == "http://127.0.0.1:9000" && configuration.region == "eu-west-1")
        #expect(configuration.address(bucket: "b", key: "k/x").path == "/b/k/x", "a custom endpoint is path-style")
        var aws = configuration
        aws.endpoint = nil
        #expect(aws.address(bucket: "b", key: "k").host == "b.s3.eu-west-1.amazonaws.com", "AWS is virtual-hosted")
    }
}

/// The moto server of this test run.
enum S3TestServer {
    static let endpoint = ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"]
    static var configuration: S3Configuration {
        S3Configuration(
            credentials: .init(accessKeyID: "testing", secretAccessKey: "testing"), region: "us-east-1", endpoint: endpoint)
    }

    /// A loopback port nothing listens on (bound, then closed).
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
