import Foundation

/// Where artifacts live in object storage: `s3://bucket/prefix` (the prefix may be empty).
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    /// Without leading or trailing slashes.
    public var prefix: String

    /// Parses `s3://bucket[/prefix]`; throws naming what is wrong.
    public init(parsing text: String) throws(S3Error) {
        guard text.hasPrefix("s3://") else { throw .invalidLocation("'\(text)' does not start with s3://") }
        let rest = text.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        guard (3...63).contains(bucket.count),
            bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") })
        else {
            throw .invalidLocation("'\(bucket)' in '\(text)' is not an S3 bucket name (3–63 lower-case letters, digits, '-' and '.')")
        }
        self.bucket = bucket
        self.prefix = String(rest.dropFirst(bucket.count)).split(separator: "/").joined(separator: "/")
    }

    /// The object key of `name` under the prefix.
    public func key(_ name: String) -> String { prefix.isEmpty ? name : prefix + "/" + name }

    public var description: String { "s3://\(bucket)" + (prefix.isEmpty ? "" : "/" + prefix) }
}

/// How to reach S3: credentials, region and endpoint from the standard AWS environment variables
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` or
/// `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`), so one configuration works
/// with AWS S3, MinIO, Ceph and moto. A custom endpoint is addressed path-style
/// (`http://host:port/bucket/key`), AWS virtual-hosted (`https://bucket.s3.region.amazonaws.com/key`).
/// Profiles in `~/.aws` and instance metadata are not read.
public struct S3Configuration: Sendable, Equatable {
    public var credentials: SigV4Signer.Credentials
    public var region: String
    /// `http(s)://host[:port]` of a custom endpoint; nil for AWS.
    public var endpoint: String?

    public init(credentials: SigV4Signer.Credentials, region: String, endpoint: String? = nil) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The configuration in `environment`; throws naming a missing variable or a bad endpoint.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(S3Error)
        -> S3Configuration
    {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let key = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") else {
            throw .missingCredentials("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (profiles in ~/.aws are not read)")
        }
        let endpoint = value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL")
        if let endpoint, !(endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")) {
            throw .invalidLocation("AWS_ENDPOINT_URL '\(endpoint)' is not an http:// or https:// URL")
        }
        return S3Configuration(
            credentials: .init(accessKeyID: key, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN")),
            region: value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1", endpoint: endpoint)
    }

    /// The base URL, the Host header and the path of an object (raw, not yet encoded).
    func address(bucket: String, key: String?) -> (base: String, host: String, path: String) {
        let objectPath = key.map { "/" + $0 } ?? ""
        if let endpoint {
            let host = String(endpoint.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" })
            return (endpoint, host, "/" + bucket + objectPath)
        }
        let host = "\(bucket).s3.\(region).amazonaws.com"
        return ("https://" + host, host, objectPath.isEmpty ? "/" : objectPath)
    }
}
