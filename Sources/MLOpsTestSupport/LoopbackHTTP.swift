import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal HTTP/1.1 client over a real TCP socket on 127.0.0.1, for tests of the server:
/// one request per connection (`Connection: close`), the whole response read back.
public enum LoopbackHTTP {
    /// A response: status code, lower-cased headers, body text.
    public struct Response: Sendable {
        public let status: Int
        public let headers: [String: String]
        public let body: String
        /// The body as received (binary bodies: the v2 protocol's tensors).
        public let bytes: Data

        /// The body decoded as JSON (nil when it is not JSON).
        public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    }

    /// A request that could not be made or understood.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// `request` from async code: the blocking socket work runs on a Dispatch thread, so the
    /// cooperative pool stays free for the server under test (in the same process).
    public static func fetch(
        port: Int, _ method: String, _ path: String, body: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try request(port: port, method, path, body: body, headers: headers) })
            }
        }
    }

    /// Sends `method path` with an optional body (blocking).
    public static func request(
        port: Int, _ method: String, _ path: String, body: String? = nil,
        headers: [String: String] = [:]
    ) throws -> Response {
        let fd = try connect(port: port)
        defer { close(fd) }
        try send(fd, message(port: port, method, path, body: body, headers: headers, close: true))
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 {
                throw Failure(
                    description: "recv failed (errno \(errno)) for \(method) \(path) after \(received.count) bytes: "
                        + String(decoding: received.prefix(300), as: UTF8.self))
            }
            if n == 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return try parse(received)
    }

    /// One request of a `pipelined` batch.
    public struct Request: Sendable {
        public let method: String, path: String, body: String?, headers: [String: String]

        public init(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) {
            self.method = method
            self.path = path
            self.body = body
            self.headers = headers
        }
    }

    /// Sends every request on one kept-alive connection in a single write (HTTP pipelining) and
    /// reads back one response per request, in the order they arrive (blocking).
    public static func pipelined(port: Int, _ requests: [Request]) throws -> [Response] {
        let fd = try connect(port: port)
        defer { close(fd) }
        try send(
            fd, requests.reduce(into: Data()) { $0 += message(port: port, $1.method, $1.path, body: $1.body, headers: $1.headers, close: false) })
        var received = Data()
        var responses: [Response] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while responses.count < requests.count {
            if let (response, used) = try complete(received) {
                responses.append(response)
                received.removeFirst(used)
                continue
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 { throw Failure(description: "recv failed (errno \(errno)) after \(responses.count) responses") }
            if n == 0 { throw Failure(description: "the server closed the connection after \(responses.count) of \(requests.count) responses") }
            received.append(contentsOf: buffer[0..<n])
        }
        return responses
    }

    /// The first whole response in `data` (sized by Content-Length) and the bytes it took.
    private static func complete(_ data: Data) throws -> (Response, Int)? {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).lowercased()
        guard let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces))
        else { throw Failure(description: "a kept-alive response without Content-Length: \(head)") }
        let end = split.upperBound - data.startIndex + length
        guard data.count >= end else { return nil }
        return (try parse(Data(data.prefix(end))), end)
    }

    /// A blocking TCP connection to 127.0.0.1:`port` (30 s receive timeout); the caller closes it.
    public static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)  // generous: a full parallel test run can be slow
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "cannot connect to 127.0.0.1:\(port)")
        }
        return fd
    }

    private static func message(port: Int, _ method: String, _ path: String, body: String?, headers: [String: String], close: Bool) -> Data {
        message(port: port, method, path, payload: body.map { Data($0.utf8) }, contentType: "application/json", headers: headers, close: close)
    }

    private static func message(
        port: Int, _ method: String, _ path: String, payload: Data?, contentType: String?, headers: [String: String], close: Bool
    ) -> Data {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if close { head += "Connection: close\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let payload, headers["Transfer-Encoding"] == nil {
            head += (contentType.map { "Content-Type: \($0)\r\n" } ?? "") + "Content-Length: \(payload.count)\r\n"
        }
        head += "\r\n"
        return Data(head.utf8) + (payload ?? Data())
    }

    /// Sends raw bytes (no Content-Type unless `headers` has one, as `tritonclient` sends) and
    /// reads the whole response, off the cooperative threads.
    public static func fetch(port: Int, _ method: String, _ path: String, bytes: Data, headers: [String: String] = [:]) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let fd = try connect(port: port)
                        defer { close(fd) }
                        try send(fd, message(port: port, method, path, payload: bytes, contentType: nil, headers: headers, close: true))
                        var received = Data()
                        var buffer = [UInt8](repeating: 0, count: 65_536)
                        while true {
                            let n = recv(fd, &buffer, buffer.count, 0)
                            if n < 0 { throw Failure(description: "recv failed (errno \(errno))") }
                            if n == 0 { break }
                            received.append(contentsOf: buffer[0..<n])
                        }
                        return try parse(received)
                    })
            }
        }
    }

    private static func send(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { throw Failure(description: "send failed (errno \(errno))") }
                offset += n
            }
        }
    }

    private static func parse(_ data: Data) throws -> Response {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "no HTTP head in the response") }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { throw Failure(description: "bad status line") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self), bytes: body)
    }

    private static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            out.append(rest[start..<(start + size)])
            rest = rest[(start + size + 2)...]
        }
        return out
    }
}
