import Crypto
import Foundation
import MLOpsTime

/// AWS Signature Version 4 for S3 requests, header-based (the `Authorization` header), as
/// botocore's `S3SigV4Auth` signs them: the path percent-encoded once and never normalized, the
/// query sorted and fully encoded, every header given signed (lower-cased, values trimmed), the
/// payload's SHA-256 in `x-amz-content-sha256`, a session token sent and signed as
/// `x-amz-security-token`. Checked against botocore's signatures for fixed clocks
/// (`Tests/ObjectStorageTests`), including the AWS documentation's example.
public struct SigV4Signer: Sendable {
    /// Access key, secret and optional session token.
    public struct Credentials: Sendable, Equatable {
        public var accessKeyID: String
        public var secretAccessKey: String
        public var sessionToken: String?

        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// A request ready to send: the encoded path and query to put in the URL, and every header
    /// (the caller's, plus `x-amz-date`, `x-amz-content-sha256`, the token and `authorization`).
    public struct SignedRequest: Sendable, Equatable {
        public var method: String
        /// The path as sent: percent-encoded once (`/bucket/my%20key`).
        public var path: String
        /// The canonical query (`a=1&b=x%2Fy`), empty without one.
        public var query: String
        /// Headers to send, lower-case names.
        public var headers: [(name: String, value: String)]

        public static func == (a: SignedRequest, b: SignedRequest) -> Bool {
            a.method == b.method && a.path == b.path && a.query == b.query
                && a.headers.map { [$0.name, $0.value] } == b.headers.map { [$0.name, $0.value] }
        }

        /// The value of header `name` (lower case), if sent.
        public func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
    }

    public let credentials: Credentials
    public let region: String
    public let service: String

    /// The SHA-256 of an empty body, as S3 expects it for GET, HEAD and DELETE.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public init(credentials: Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs a request to `host` (with `:port` when not the scheme's default) for `path` (raw,
    /// not yet encoded: `/bucket/models/my model.bin`) and `query` (raw names and values; a
    /// flag such as `uploads` has the value ""), with `headers` (signed as given), a body whose
    /// lower-case hex SHA-256 is `payloadHash`, at `date`.
    public func sign(
        method: String, host: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
        payloadHash: String, date: Date
    ) -> SignedRequest {
        let stamp = Self.timestamp(date)
        let day = String(stamp.prefix(8))
        var all: [(String, String)] = headers.map { ($0.0.lowercased(), Self.trimmed($0.1)) }
        all.append(("host", host))
        all.append(("x-amz-date", stamp))
        all.append(("x-amz-content-sha256", payloadHash))
        if let token = credentials.sessionToken { all.append(("x-amz-security-token", token)) }
        // Sorted by name; repeated names join with commas in the order given.
        var merged: [String: [String]] = [:]
        for (name, value) in all { merged[name, default: []].append(value) }
        let names = merged.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let encodedPath = path.isEmpty ? "/" : Self.encode(path, keepSlash: true)
        let encodedQuery: [(name: String, value: String)] = query.map { pair in
            (name: Self.encode(pair.0, keepSlash: false), value: Self.encode(pair.1, keepSlash: false))
        }
        let sortedQuery = encodedQuery.sorted { a, b in a.name != b.name ? a.name < b.name : a.value < b.value }
        let canonicalQuery = sortedQuery.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
        let canonicalRequest = [method, encodedPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))].joined(separator: "\n")
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: signingKey(day: day))))
        var sent = names.filter { $0 != "host" }.map { (name: $0, value: merged[$0]!.joined(separator: ",")) }
        sent.append(
            (
                name: "authorization",
                value: "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
            ))
        return SignedRequest(method: method, path: encodedPath, query: canonicalQuery, headers: sent)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    public func signingKey(day: String) -> [UInt8] {
        var key = Array(("AWS4" + credentials.secretAccessKey).utf8)
        for part in [day, region, service, "aws4_request"] {
            key = Array(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: SymmetricKey(data: key)))
        }
        return key
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC (ISO 8601's basic form).
    public static func timestamp(_ date: Date) -> String {
        UTCTime.iso8601(Int64(date.timeIntervalSince1970.rounded(.down))).filter { $0 != "-" && $0 != ":" }
    }

    /// Percent-encoding of S3's canonical form: UTF-8 bytes, `A-Z a-z 0-9 - . _ ~` kept (and `/`
    /// when `keepSlash`), everything else `%XX` in upper case; a space is `%20`, never `+`.
    public static func encode(_ text: String, keepSlash: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Lower-case hex of `bytes`.
    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
