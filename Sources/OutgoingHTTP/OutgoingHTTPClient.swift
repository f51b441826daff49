import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A response read whole: status, headers (names lower-cased) and body.
public struct OutgoingResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// The platform's one client for outgoing HTTP (object storage now; webhooks and upstream
/// predictors next): async-http-client's shared, pooled keep-alive client, a deadline per
/// request, and a bound on the bytes a response may bring. Retrying is the caller's decision
/// (`RetryPolicy`), because only it knows which requests are safe to repeat.
public struct OutgoingHTTPClient: Sendable {
    let client: HTTPClient

    /// The client every caller shares (never shut down: its pool lives as long as the process).
    public static let shared = OutgoingHTTPClient(connectTimeout: .seconds(3))

    /// A client whose connection attempts give up after `connectTimeout` (async-http-client
    /// retries a refused connection with backoff until then, so an unreachable host costs this
    /// long per request, not the whole request deadline). Shut down any client but `shared`.
    public init(connectTimeout: Duration) {
        var configuration = HTTPClient.Configuration()
        let milliseconds = connectTimeout.components.seconds * 1000 + connectTimeout.components.attoseconds / 1_000_000_000_000_000
        configuration.timeout.connect = .milliseconds(max(1, milliseconds))
        configuration.connectionPool.idleTimeout = .seconds(60)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the client's connections (not for `shared`).
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Sends a request and reads the whole response (at most `maxResponseBytes`), or throws
    /// `OutgoingHTTPError` naming the URL: the connection failed, the deadline passed, or the
    /// response was too large.
    public func send(
        _ method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        timeout: Duration = .seconds(30), maxResponseBytes: Int = 64 << 20
    ) async throws(OutgoingHTTPError) -> OutgoingResponse {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let seconds = Int64(timeout.components.seconds)
        let milliseconds = seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        do {
            let response = try await client.execute(request, timeout: .milliseconds(max(1, milliseconds)))
            let bytes = try await response.body.collect(upTo: maxResponseBytes)
            return OutgoingResponse(
                status: Int(response.status.code), headers: response.headers.map { (name: $0.name.lowercased(), value: $0.value) },
                body: Array(buffer: bytes))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw .timedOut(url: url, seconds: Double(milliseconds) / 1000)
        } catch let error as NIOTooManyBytesError {
            throw .responseTooLarge(url: url, limit: error.maxBytes ?? maxResponseBytes)
        } catch {
            throw .connection(url: url, reason: "\(error)")
        }
    }
}

/// Why an outgoing request got no answer.
public enum OutgoingHTTPError: Error, Equatable, CustomStringConvertible {
    case connection(url: String, reason: String)
    case timedOut(url: String, seconds: Double)
    case responseTooLarge(url: String, limit: Int)

    public var description: String {
        switch self {
        case .connection(let url, let reason): "cannot reach \(url): \(reason)"
        case .timedOut(let url, let seconds): "\(url) did not answer within \(seconds.formatted(.number.precision(.fractionLength(0...3)))) s"
        case .responseTooLarge(let url, let limit): "\(url) answered with more than \(limit) bytes"
        }
    }
}

extension OutgoingHTTPClient {
    /// Sends a request and streams a 2xx body into the file at `path` (created or truncated);
    /// any other answer is returned with its body read whole (an error document) and the file
    /// left empty. A large download never sits in memory.
    public func download(
        _ method: String = "GET", url: String, headers: [(name: String, value: String)] = [], to path: String,
        timeout: Duration = .seconds(600)
    ) async throws(OutgoingHTTPError) -> OutgoingResponse {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        let seconds = Int64(timeout.components.seconds)
        let milliseconds = seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        do {
            let response = try await client.execute(request, timeout: .milliseconds(max(1, milliseconds)))
            let status = Int(response.status.code)
            let headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
            guard (200..<300).contains(status) else {
                let bytes = try await response.body.collect(upTo: 1 << 20)
                return OutgoingResponse(status: status, headers: headers, body: Array(buffer: bytes))
            }
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw OutgoingHTTPError.connection(url: url, reason: "cannot write \(path)")
            }
            defer { try? file.close() }
            for try await buffer in response.body {
                try file.write(contentsOf: Data(buffer.readableBytesView))
            }
            try file.synchronize()
            return OutgoingResponse(status: status, headers: headers, body: [])
        } catch let error as OutgoingHTTPError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw .timedOut(url: url, seconds: Double(seconds))
        } catch {
            throw .connection(url: url, reason: "\(error)")
        }
    }
}
