import ArtifactArchive
import Foundation
import MLOpsTestSupport
import OutgoingHTTP
import Testing

@testable import ObjectStorage

/// The MLflow artifact proxy's file tree as keys in a bucket (moto): one level listed at a time
/// (files with sizes, directories from common prefixes), a missing file reads as nil, a publish
/// replaces the object whole and consumes the staged file, and a copy to a local directory
/// refuses a key that would leave it.
@Suite(.enabled(if: S3TestServer.endpoint != nil, "needs MLOPS_TEST_S3_ENDPOINT (scripts/with-moto.sh)"))
struct S3ArtifactTreeTests {
    let client = S3Client(configuration: S3TestServer.configuration, retry: RetryPolicy(attempts: 2, base: .milliseconds(10)))

    @Test func listsReadsPublishesAndCopiesUnderThePrefix() async throws {
        let bucket = "tree-" + UUID().uuidString.lowercased().prefix(18)
        _ = try await client.send("PUT", operation: "CreateBucket", bucket: String(bucket), key: nil)
        let staging = try TemporaryDirectory.make(prefix: "tree-staging")
        let remote = try S3RemoteArtifacts(location: "s3://\(bucket)/platform", configuration: S3TestServer.configuration)
        let tree = remote.tree("mlflow", staging: staging)
        #expect(tree.description == "s3://\(bucket)/platform/mlflow")

        func publish(_ text: String, at path: String) throws {
            let staged = try tree.stagingFile()
            try Data(text.utf8).write(to: URL(fileURLWithPath: staged))
            try tree.publish(staged: staged, at: path)
            #expect(!FileManager.default.fileExists(atPath: staged), "the staged file is consumed")
        }
        try publish("{}", at: "1/run/artifacts/model/MLmodel")
        try publish("weights", at: "1/run/artifacts/model/data/model.json")
        try publish("hello", at: "1/run/artifacts/notes.txt")
        try await client.put(bucket: String(bucket), key: "platform/other.txt", body: [1])  // beside the tree, not in it

        #expect(try tree.list("") == [ArtifactTreeEntry(name: "1", isDirectory: true, size: nil)])
        #expect(
            try tree.list("1/run/artifacts") == [
                ArtifactTreeEntry(name: "model", isDirectory: true, size: nil), ArtifactTreeEntry(name: "notes.txt", isDirectory: false, size: 5),
            ])
        #expect(try tree.list("1/nothing").isEmpty)
        #expect(try tree.read("1/run/artifacts/notes.txt") == Data("hello".utf8))
        #expect(try tree.read("1/run/artifacts/missing.txt") == nil)

        try publish("hello again", at: "1/run/artifacts/notes.txt")
        #expect(try tree.read("1/run/artifacts/notes.txt") == Data("hello again".utf8), "a publish replaces")

        let scratch = try TemporaryDirectory.make(prefix: "tree-copy")
        let copy = try #require(try tree.localDirectory("1/run/artifacts/model", scratch: scratch))
        #expect(try String(contentsOfFile: copy + "/data/model.json", encoding: .utf8) == "weights")
        #expect(try String(contentsOfFile: copy + "/MLmodel", encoding: .utf8) == "{}")
        #expect(try tree.localDirectory("1/none", scratch: try TemporaryDirectory.make(prefix: "tree-none")) == nil)

        // A key another writer put in the bucket that would climb out of the copy.
        try await client.put(bucket: String(bucket), key: "platform/mlflow/2/a/../../../escape.txt", body: [1])
        let hostile = try TemporaryDirectory.make(prefix: "tree-hostile")
        #expect(throws: ArtifactTreeError.self) { _ = try tree.localDirectory("2", scratch: hostile + "/copy") }
        #expect(!FileManager.default.fileExists(atPath: hostile + "/escape.txt"))
    }
}
