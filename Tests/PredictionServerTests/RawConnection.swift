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
        fd = try LoopbackHTTP.connect(port: port)
        var timeout = timeval(tv_sec: sendTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
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
