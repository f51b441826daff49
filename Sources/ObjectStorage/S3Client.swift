import Crypto
import Foundation
import OutgoingHTTP

/// An object in a listing or a HEAD answer.
public struct S3Object: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var etag: String
}

/// A listing: the objects, and with a delimiter the common prefixes (the "directories").
public struct S3Listing: Sendable, Equatable {
    public var objects: [S3Object] = []
    public var prefixes: [String] = []
}

/// An S3 client for what the platform needs: put (conditional), get, head, delete, list
/// (ListObjectsV2, every page) and multipart uploads, each request signed with SigV4 and sent
/// through the shared `OutgoingHTTPClient`. Throttling, server errors and dropped connections
/// are retried with backoff and jitter (`RetryPolicy`); anything else fails at once with an
/// `S3Error` naming the operation, the object and S3's code.
public struct S3Client: Sendable {
    public let configuration: S3Configuration
    public let retry: RetryPolicy
    let http: OutgoingHTTPClient
    let signer: SigV4Signer

    public init(configuration: S3Configuration, retry: RetryPolicy = RetryPolicy(), http: OutgoingHTTPClient = .shared) {
        self.configuration = configuration
        self.retry = retry
        self.http = http
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
    }

    /// Stores `body` at `key`; with `ifAbsent`, refuses (412 `PreconditionFailed`) when the key
    /// exists. Returns the ETag.
    @discardableResult
    public func put(bucket: String, key: String, body: [UInt8], ifAbsent: Bool = false) async throws(S3Error) -> String {
        let response = try await send(
            "PUT", operation: "PutObject", bucket: bucket, key: key, headers: ifAbsent ? [("If-None-Match", "*")] : [], body: body)
        return response.header("etag") ?? ""
    }

    /// The bytes at `key` (404 `NoSuchKey` when absent).
    public func get(bucket: String, key: String) async throws(S3Error) -> [UInt8] {
        try await send("GET", operation: "GetObject", bucket: bucket, key: key).body
    }

    /// The object at `key`, or nil when there is none.
    public func head(bucket: String, key: String) async throws(S3Error) -> S3Object? {
        do {
            let response = try await send("HEAD", operation: "HeadObject", bucket: bucket, key: key)
            return S3Object(key: key, size: Int64(response.header("content-length") ?? "") ?? 0, etag: response.header("etag") ?? "")
        } catch {
            if case .service(404, _, _, _, _) = error { return nil }
            throw error
        }
    }

    /// Deletes `key` (no error when it is absent).
    public func delete(bucket: String, key: String) async throws(S3Error) {
        _ = try await send("DELETE", operation: "DeleteObject", bucket: bucket, key: key)
    }

    /// Every object under `prefix`, following continuation tokens (`pageSize` keys a page; S3 and
    /// moto default to 1,000).
    public func list(bucket: String, prefix: String, pageSize: Int? = nil) async throws(S3Error) -> [S3Object] {
        try await listing(bucket: bucket, prefix: prefix, delimiter: nil, pageSize: pageSize).objects
    }

    /// One level of the key space under `prefix` (which ends in `/` or is empty): the objects
    /// directly in it and the prefixes of the levels below (`CommonPrefixes`, each ending in `/`).
    public func listLevel(bucket: String, prefix: String, pageSize: Int? = nil) async throws(S3Error) -> S3Listing {
        try await listing(bucket: bucket, prefix: prefix, delimiter: "/", pageSize: pageSize)
    }

    func listing(bucket: String, prefix: String, delimiter: String?, pageSize: Int?) async throws(S3Error) -> S3Listing {
        var result = S3Listing()
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix)]
            if let delimiter { query.append(("delimiter", delimiter)) }
            if let pageSize { query.append(("max-keys", String(pageSize))) }
            if let token { query.append(("continuation-token", token)) }
            let xml = try await send("GET", operation: "ListObjectsV2", bucket: bucket, key: nil, query: query).text[...]
            for block in XMLFields.blocks("Contents", in: xml) {
                guard let key = XMLFields.first("Key", in: block) else { continue }
                result.objects.append(
                    S3Object(key: key, size: Int64(XMLFields.first("Size", in: block) ?? "") ?? 0, etag: XMLFields.first("ETag", in: block) ?? ""))
            }
            for block in XMLFields.blocks("CommonPrefixes", in: xml) {
                if let common = XMLFields.first("Prefix", in: block) { result.prefixes.append(common) }
            }
            let truncated = XMLFields.first("IsTruncated", in: xml) == "true"
            token = truncated ? XMLFields.first("NextContinuationToken", in: xml) : nil
            if truncated && token == nil {
                throw .malformedResponse(operation: "ListObjectsV2", reason: "a truncated listing without NextContinuationToken")
            }
        } while token != nil
        return result
    }

    /// Starts a multipart upload of `key`; returns its upload id.
    public func createMultipartUpload(bucket: String, key: String) async throws(S3Error) -> String {
        let xml = try await send("POST", operation: "CreateMultipartUpload", bucket: bucket, key: key, query: [("uploads", "")]).text
        guard let id = XMLFields.first("UploadId", in: xml[...]) else {
            throw .malformedResponse(operation: "CreateMultipartUpload", reason: "no UploadId")
        }
        return id
    }

    /// Uploads part `number` (1…10,000); returns its ETag.
    public func uploadPart(bucket: String, key: String, uploadID: String, number: Int, body: [UInt8]) async throws(S3Error) -> String {
        let response = try await send(
            "PUT", operation: "UploadPart", bucket: bucket, key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: body)
        return response.header("etag") ?? ""
    }

    /// Completes an upload from its parts' ETags in order; with `ifAbsent`, refuses when the key
    /// exists. A reader never sees the object before this succeeds.
    public func completeMultipartUpload(
        bucket: String, key: String, uploadID: String, etags: [String], ifAbsent: Bool = false
    ) async throws(S3Error) {
        let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(XMLFields.escape($0.element))</ETag></Part>" }
        let body = Array("<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>".utf8)
        let response = try await send(
            "POST", operation: "CompleteMultipartUpload", bucket: bucket, key: key, query: [("uploadId", uploadID)],
            headers: ifAbsent ? [("If-None-Match", "*")] : [], body: body)
        // S3 may answer 200 with an error inside.
        let xml = response.text[...]
        if xml.contains("<Error>"), let code = XMLFields.first("Code", in: xml) {
            throw .service(
                status: response.status, code: code, message: XMLFields.first("Message", in: xml) ?? "", operation: "CompleteMultipartUpload",
                resource: "s3://\(bucket)/\(key)")
        }
    }

    /// Abandons an upload (its parts are freed); no error when it is already gone.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws(S3Error) {
        do {
            _ = try await send("DELETE", operation: "AbortMultipartUpload", bucket: bucket, key: key, query: [("uploadId", uploadID)])
        } catch {
            if case .service(404, "NoSuchUpload", _, _, _) = error { return }
            throw error
        }
    }

    /// Signs and sends one request (re-signed on each retry), mapping non-2xx answers to `S3Error`.
    func send(
        _ method: String, operation: String, bucket: String, key: String?, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws(S3Error) -> OutgoingResponse {
        let resource = "s3://\(bucket)" + (key.map { "/" + $0 } ?? "")
        let payloadHash = body.map { SigV4Signer.hex(SHA256.hash(data: $0)) } ?? SigV4Signer.emptyPayloadHash
        let address = configuration.address(bucket: bucket, key: key)
        do {
            return try await retry.run(shouldRetry: Self.isTransient) { _ in
                let signed = signer.sign(
                    method: method, host: address.host, path: address.path, query: query, headers: headers, payloadHash: payloadHash,
                    date: Date())
                let url = address.base + signed.path + (signed.query.isEmpty ? "" : "?" + signed.query)
                let response: OutgoingResponse
                do {
                    response = try await http.send(method, url: url, headers: signed.headers, body: body)
                } catch {
                    throw S3Error.unreachable(operation: operation, resource: resource, reason: "\(error)")
                }
                guard (200..<300).contains(response.status) else {
                    throw Self.serviceError(response, operation: operation, resource: resource)
                }
                return response
            }
        } catch let error as S3Error {
            throw error
        } catch {
            throw .unreachable(operation: operation, resource: resource, reason: "\(error)")
        }
    }

    /// Whether a failed request is worth repeating (throttling, server errors, no answer).
    static func isTransient(_ error: any Error) -> Bool { (error as? S3Error)?.isTransient ?? false }

    /// The `S3Error` of a non-2xx answer: S3's code and message from its `<Error>` document.
    static func serviceError(_ response: OutgoingResponse, operation: String, resource: String) -> S3Error {
        let xml = response.text[...]
        return .service(
            status: response.status, code: XMLFields.first("Code", in: xml) ?? codeForEmptyBody(response.status),
            message: XMLFields.first("Message", in: xml) ?? "", operation: operation, resource: resource)
    }

    /// HEAD answers carry no body: name the status.
    static func codeForEmptyBody(_ status: Int) -> String {
        switch status {
        case 403: "Forbidden"
        case 404: "NotFound"
        case 412: "PreconditionFailed"
        case 503: "SlowDown"
        default: "HTTP\(status)"
        }
    }
}
