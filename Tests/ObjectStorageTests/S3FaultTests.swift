import Foundation
import MLOpsTestSupport
import OutgoingHTTP
import Testing

@testable import ObjectStorage

/// The S3 client through a fault-injecting proxy (`scripts/fault-proxy.py`) in front of moto:
/// throttling, server errors and dropped connections are retried with backoff, then named; a
/// multipart upload that fails leaves no upload behind.
@Suite(.enabled(if: S3TestServer.endpoint != nil, "needs MLOPS_TEST_S3_ENDPOINT (scripts/with-moto.sh)"))
struct S3FaultTests {
    /// The proxy process and its port; asked with curl (Foundation's URL loading would block a
    /// thread of the test's small cooperative pool).
    final class FaultProxy: @unchecked Sendable {
        let process = Process()
        let port: Int

        init(upstream: String) throws {
            let portFile = NSTemporaryDirectory() + "fault-proxy-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: portFile) }
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Shell.repositoryRoot + "/scripts/fault-proxy.py", upstream, portFile]
            try process.run()
            var port: Int?
            for _ in 0..<200 where port == nil {
                port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
                if port == nil { usleep(25_000) }
            }
            guard let port else {
                process.terminate()
                throw S3Error.unreachable(operation: "start", resource: "fault proxy", reason: "it wrote no port")
            }
            self.port = port
        }

        var endpoint: String { "http://127.0.0.1:\(port)" }

        private func ask(_ path: String) throws -> String {
            try Shell.run("/usr/bin/curl", ["-s", "--max-time", "5", endpoint + path]).stdout
        }

        /// Queues `count` faults of `kind` after `after` forwarded requests.
        func inject(_ kind: String, count: Int, after: Int = 0) throws {
            _ = try ask("/__faults__/set?kind=\(kind)&count=\(count)&after=\(after)")
        }

        func stats() throws -> (forwarded: Int, faulted: Int) {
            let json = try JSONSerialization.jsonObject(with: Data(try ask("/__faults__/stats").utf8)) as? [String: Int] ?? [:]
            return (json["forwarded"] ?? 0, json["faulted"] ?? 0)
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func client(_ endpoint: String) -> S3Client {
        var configuration = S3TestServer.configuration
        configuration.endpoint = endpoint
        return S3Client(configuration: configuration, retry: RetryPolicy(attempts: 4, base: .milliseconds(10), maxDelay: .milliseconds(50)))
    }

    func bucket(_ client: S3Client) async throws -> String {
        let name = "faults-" + UUID().uuidString.lowercased().prefix(16)
        _ = try await client.send("PUT", operation: "CreateBucket", bucket: String(name), key: nil)
        return String(name)
    }

    @Test func throttlingAndDroppedConnectionsAreRetriedUntilTheyPass() async throws {
        let proxy = try FaultProxy(upstream: try #require(S3TestServer.endpoint))
        let client = Self.client(proxy.endpoint)
        let bucket = try await bucket(client)
        try proxy.inject("slowdown", count: 2)
        try await client.put(bucket: bucket, key: "a", body: [1, 2, 3])
        try proxy.inject("drop", count: 1)
        try proxy.inject("throttle", count: 1)
        #expect(try await client.get(bucket: bucket, key: "a") == [1, 2, 3])
        #expect(try proxy.stats().faulted == 4)
    }

    @Test func aFaultThatOutlastsTheRetriesIsNamed() async throws {
        let proxy = try FaultProxy(upstream: try #require(S3TestServer.endpoint))
        let client = Self.client(proxy.endpoint)
        let bucket = try await bucket(client)
        try proxy.inject("slowdown", count: 4)
        do {
            try await client.put(bucket: bucket, key: "b", body: [1])
            Issue.record("four SlowDown answers in a row should fail the put")
        } catch {
            #expect("\(error)".contains("SlowDown") && "\(error)".contains("b"), "\(error)")
        }
        #expect(try proxy.stats().faulted == 4, "4 attempts, no more")
        #expect(try await client.head(bucket: bucket, key: "b") == nil, "nothing was written")
    }

    @Test func aMultipartUploadThatFailsLeavesNoUploadBehind() async throws {
        let endpoint = try #require(S3TestServer.endpoint)
        let proxy = try FaultProxy(upstream: endpoint)
        let client = Self.client(proxy.endpoint)
        let bucket = try await bucket(client)
        let file = NSTemporaryDirectory() + "multipart-" + UUID().uuidString
        try Data((0..<3_000).map { UInt8(truncatingIfNeeded: $0) }).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        // The create and the first part go through; the second part fails on every attempt.
        try proxy.inject("error", count: 4, after: 2)
        do {
            _ = try await client.upload(bucket: bucket, key: "big", file: file, partSize: 1_000)
            Issue.record("the upload should have failed")
        } catch {
            #expect("\(error)".contains("InternalError"), "\(error)")
        }
        // Straight to moto: no multipart upload is left, and no object.
        let direct = Self.client(endpoint)
        let uploads = try await direct.send("GET", operation: "ListMultipartUploads", bucket: bucket, key: nil, query: [("uploads", "")])
        #expect(!String(decoding: uploads.body, as: UTF8.self).contains("<UploadId>"), "an upload was left behind")
        #expect(try await direct.head(bucket: bucket, key: "big") == nil)
        // Without faults the same upload succeeds.
        #expect(try await client.upload(bucket: bucket, key: "big", file: file, partSize: 1_000))
        #expect(try await direct.head(bucket: bucket, key: "big")?.size == 3_000)
    }
}
