import Foundation
import MLOpsTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A bare TCP connection to a loopback server for tests of connection limits: it sends exactly
/// the bytes given (half a head, half a body, a body far over the limit) and reports what the
/// server did with the connection. Every call blocks; run them through `Blocking.run`.
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init(port: Int, sendTimeoutSeconds: Int = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackHTTP.Failure(description: "socket() failed (errno \(errno))") }
        var timeout = timeval(tv_sec: sendTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw LoopbackHTTP.Failure(description: "cannot connect to 127.0.0.1:\(port) (errno \(errno))")
        }
    }

    deinit { close(fd) }

    /// Sends `data`; returns how many bytes went out before the server stopped taking them
    /// (closed, reset, or the send timeout passed).
    @discardableResult
    func send(_ data: Data) -> Int {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, min(raw.count - offset, 65_536), Int32(MSG_NOSIGNAL))
                if n <= 0 { break }
                offset += n
            }
            return offset
        }
    }

    func send(_ text: String) { send(Data(text.utf8)) }

    /// What came back within `seconds` (or until `enough` says so): the bytes, and whether the
    /// server ended the connection (end of stream or reset) in that time.
    func read(for seconds: Double, until enough: (Data) -> Bool = { _ in false }) -> (data: Data, closed: Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 || enough(received) { return (received, false) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1) * 1000))
            if ready <= 0 { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return (received, true) }
            received.append(contentsOf: buffer[0..<n])
        }
    }

    /// Whether the server has ended the connection, without waiting.
    var isClosedByServer: Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) <= 0
    }

    /// Raises this process's open-file limit to its hard limit (hundreds of connections, both
    /// ends in one process).
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
