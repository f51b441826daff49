import Crypto
import Foundation
import ObjectStorage
import Testing

/// The signer against signatures botocore's `S3SigV4Auth` computed for the same requests with
/// its clock fixed (and the AWS documentation's own example): byte for byte, or S3 refuses.
@Suite struct SigV4SignerTests {
    static let credentials = SigV4Signer.Credentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
    /// 2024-01-15T12:34:56Z.
    static let date = Date(timeIntervalSince1970: 1_705_322_096)

    static func hash(_ text: String) -> String { SigV4Signer.hex(SHA256.hash(data: Data(text.utf8))) }
    static func signature(_ request: SigV4Signer.SignedRequest) -> String? {
        request.header("authorization")?.components(separatedBy: "Signature=").last
    }

    @Test func signingKeyMatchesBotocore() {
        #expect(SigV4Signer.timestamp(Self.date) == "20240115T123456Z")
        #expect(SigV4Signer.hex(Self.signer.signingKey(day: "20240115")) == "b3561ed98303d4f5d28b6c09e1f0d7221ee39ebcb4d28e83b695050c848662d6")
    }

    @Test func putWithAKeyThatNeedsEncoding() {
        let body = "Hello, S3!"
        #expect(Self.hash(body) == "c9ad25d0e9aa0413bd60f3afd33a35844fca35c99ae4ebcf0f8cdc8df27372ab")
        let signed = Self.signer.sign(
            method: "PUT", host: "127.0.0.1:9000", path: "/artifacts/models/my model+v1.bin",
            headers: [("Content-Type", "application/octet-stream")], payloadHash: Self.hash(body), date: Self.date)
        #expect(signed.path == "/artifacts/models/my%20model%2Bv1.bin")
        #expect(Self.signature(signed) == "503e8f3d447946621d5a981f04d32e29767baf2b33a7f82aefb141569d3631fc")
        #expect(
            signed.header("authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240115/us-east-1/s3/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=503e8f3d447946621d5a981f04d32e29767baf2b33a7f82aefb141569d3631fc")
        #expect(signed.header("x-amz-date") == "20240115T123456Z" && signed.header("host") == nil, "the HTTP client sets Host")
    }

    @Test func listWithAQueryThatNeedsEncoding() {
        let signed = Self.signer.sign(
            method: "GET", host: "127.0.0.1:9000", path: "/artifacts",
            query: [("list-type", "2"), ("prefix", "models/"), ("max-keys", "2"), ("continuation-token", "abc+def=")],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(signed.query == "continuation-token=abc%2Bdef%3D&list-type=2&max-keys=2&prefix=models%2F")
        #expect(Self.signature(signed) == "a6bfda5baf30804e36be101ff446853670a815713215aee5363cefe9f1079268")
    }

    @Test func sessionTokenIsSentAndSigned() {
        var credentials = Self.credentials
        credentials.sessionToken = "FQoGZXIvYXdzEXAMPLETOKEN"
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1").sign(
            method: "PUT", host: "127.0.0.1:9000", path: "/artifacts/a.txt", payloadHash: Self.hash("x"), date: Self.date)
        #expect(signed.header("x-amz-security-token") == "FQoGZXIvYXdzEXAMPLETOKEN")
        #expect(signed.header("authorization")?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token") == true)
        #expect(Self.signature(signed) == "de4e04411b6b1f93de7286a679315d8d2785f5c5c30152bc1756569d24376c6d")
    }

    @Test func theAWSDocumentationExample() {
        let signed = Self.signer.sign(
            method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt", headers: [("Range", "bytes=0-9")],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Date(timeIntervalSince1970: 1_369_353_600))
        #expect(Self.signature(signed) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func encodingKeepsOnlyUnreservedBytes() {
        #expect(SigV4Signer.encode("a b+c/é~", keepSlash: true) == "a%20b%2Bc/%C3%A9~")
        #expect(SigV4Signer.encode("a/b", keepSlash: false) == "a%2Fb")
        #expect(Self.signer.sign(method: "GET", host: "h", path: "", payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date).path == "/")
    }
}
