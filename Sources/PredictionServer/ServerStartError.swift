import Foundation
import NIOCore

/// Why `mlops serve` could not start listening, naming the address.
public struct ServerStartError: Error, CustomStringConvertible {
    public let description: String

    /// The bind failure `error` as a message naming `host:port`, or nil when `error` is another failure.
    static func from(_ error: Error, host: String, port: Int) -> ServerStartError? {
        guard let io = error as? IOError else { return nil }
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        switch io.errnoCode {
        case EADDRINUSE:
            return ServerStartError(
                description:
                    "cannot listen on \(address): the address is already in use (another mlops serve?); choose another --port or stop that process")
        case EADDRNOTAVAIL:
            return ServerStartError(description: "cannot listen on \(address): no network interface of this machine has that address; check --host")
        case EACCES:
            return ServerStartError(
                description: "cannot listen on \(address): permission denied (ports below 1024 need privileges); choose a --port from 1024")
        default:
            return nil
        }
    }
}
