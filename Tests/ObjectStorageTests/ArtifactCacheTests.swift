import ArtifactArchive
import Foundation
import OutgoingHTTP
import Testing

@testable import ObjectStorage

/// A bucket-backed store's local cache stays under its bound: least recently used archives go
/// first, never the one just stored or read, and an evicted archive comes back from the bucket
/// (checked against its digest) when it is needed again.
@Suite(.enabled(if: S3TestServer.endpoint != nil, "needs MLOPS_TEST_S3_ENDPOINT (scripts/with-moto.sh)"))
struct ArtifactCacheTests {
    @Test func theCacheKeepsItsBoundAndEvictsTheLeastRecentlyUsedArchive() async throws {
        let client = S3Client(configuration: S3TestServer.configuration, retry: RetryPolicy(attempts: 2, base: .milliseconds(10)))
        let bucket = "cache-" + UUID().uuidString.lowercased().prefix(16)
        _ = try await client.send("PUT", operation: "CreateBucket", bucket: String(bucket), key: nil)
        let remote = try S3RemoteArtifacts(location: "s3://\(bucket)/models", configuration: S3TestServer.configuration)
        let work = NSTemporaryDirectory() + "artifact-cache-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }

        // Three model directories of incompressible bytes, so each archive is about 20 kB.
        var stored: [StoredArtifact] = []
        let writer = try ArtifactStore(root: work + "/writer", remote: remote)
        for k in 0..<3 {
            let directory = work + "/model-\(k)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/model.bin"))
            stored.append(try writer.store(directory: directory))
        }
        let archive = stored.map(\.sizeBytes).max() ?? 0
        // A replica whose cache holds two archives at most.
        let cache = try ArtifactStore(root: work + "/cache", remote: remote, cacheLimitBytes: 2 * archive + archive / 2)
        for artifact in stored {
            try cache.verify(sha256: artifact.sha256, subject: "m")
            try await Task.sleep(for: .milliseconds(20))  // distinct modification times
        }
        var cached = Set(cache.cachedArchives().map(\.sha256))
        #expect(cached == [stored[1].sha256, stored[2].sha256], "the first archive, used longest ago, went")

        // Reading archive 1 makes archive 2 the oldest; fetching archive 0 again evicts 2.
        try cache.extract(sha256: stored[1].sha256, subject: "m", into: work + "/out-1")
        try await Task.sleep(for: .milliseconds(20))
        try cache.extract(sha256: stored[0].sha256, subject: "m", into: work + "/out-0")
        cached = Set(cache.cachedArchives().map(\.sha256))
        #expect(cached == [stored[0].sha256, stored[1].sha256])
        #expect(cache.cachedArchives().reduce(0) { $0 + $1.bytes } <= 2 * archive + archive / 2)
        #expect(FileManager.default.fileExists(atPath: work + "/out-0/model.bin"), "the evicted archive came back and extracted")

        // A store without a bound never evicts.
        let unbounded = try ArtifactStore(root: work + "/unbounded", remote: remote)
        for artifact in stored { try unbounded.verify(sha256: artifact.sha256, subject: "m") }
        #expect(unbounded.cachedArchives().count == 3)
        #expect(writer.trimCache().archives == 0)
    }
}
