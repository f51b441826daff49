import Foundation
import OutgoingHTTP
import Testing

@testable import ObjectStorage

/// Against a moto that checks every signature (scripts/with-moto.sh creates an IAM user and its
/// key on it): the client's requests with the right secret are accepted — the signer agrees with
/// a server's verification, not only with botocore's signing — and a wrong secret for the same
/// key is refused as `SignatureDoesNotMatch` and named.
@Suite(.enabled(if: S3SignedServer.key != nil, "needs MLOPS_TEST_S3_AUTH_KEY (scripts/with-moto.sh)"))
struct S3SignatureCheckTests {
    func client(secret: String) -> S3Client {
        S3Client(
            configuration: S3Configuration(
                credentials: .init(accessKeyID: S3SignedServer.key ?? "", secretAccessKey: secret), region: "us-east-1",
                endpoint: S3SignedServer.endpoint),
            retry: RetryPolicy(attempts: 1, base: .milliseconds(10)))
    }

    @Test func theRightSecretSignsAndAWrongOneIsNamed() async throws {
        let good = client(secret: S3SignedServer.secret)
        let bucket = S3SignedServer.bucket
        // moto verifies against the request as its web framework decoded it, so a '+' or a
        // non-ASCII character in a key, or a '/' in a listing's prefix, fails there for every
        // client (botocore's too, tried with 1.44.18); S3 itself follows the spec. The signer's
        // encoding of those is checked against botocore's signatures in SigV4SignerTests.
        let key = "signed-" + UUID().uuidString.lowercased() + "/model v1.bin"
        let body = Array((0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try await good.put(bucket: bucket, key: key, body: body)
        #expect(try await good.get(bucket: bucket, key: key) == body)
        #expect(try await good.head(bucket: bucket, key: key)?.size == 5_000)
        #expect(try await good.list(bucket: bucket, prefix: "signed-").contains { $0.key == key })
        try await good.delete(bucket: bucket, key: key)

        let wrong = client(secret: "not-" + S3SignedServer.secret)
        do {
            try await wrong.put(bucket: bucket, key: "never", body: [1])
            Issue.record("a wrong secret was accepted")
        } catch {
            #expect(error.description.contains("403 SignatureDoesNotMatch"), "\(error)")
            #expect(error.description.contains("check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), "\(error)")
        }
        #expect(try await good.head(bucket: bucket, key: "never") == nil, "the refused write stored nothing")
    }
}

/// The signature-checking moto and the IAM key scripts/with-moto.sh made on it.
enum S3SignedServer {
    static let environment = ProcessInfo.processInfo.environment
    static let endpoint = environment["MLOPS_TEST_S3_AUTH_ENDPOINT"]
    static let key = environment["MLOPS_TEST_S3_AUTH_KEY"]
    static let secret = environment["MLOPS_TEST_S3_AUTH_SECRET"] ?? ""
    static let bucket = environment["MLOPS_TEST_S3_AUTH_BUCKET"] ?? ""
}
