import CPostgreSQL
import Foundation

/// A store that can wake its clients when something happens elsewhere (PostgreSQL's
/// LISTEN/NOTIFY); SQLite has no such thing, and its clients poll.
public protocol SQLNotificationSource: Sendable {
    /// A dedicated connection listening on `channel`.
    func listen(channel: String) throws -> PostgresListener
}

extension PostgresDatabase: SQLNotificationSource {
    public func listen(channel: String) throws -> PostgresListener {
        try PostgresListener(connection: try openDedicatedConnection(), channel: channel)
    }
}

/// One connection outside the pool that LISTENs on a channel and waits for notifications.
/// Used from one thread at a time.
public final class PostgresListener: @unchecked Sendable {
    private let connection: PostgresConnection
    public let channel: String

    init(connection: PostgresConnection, channel: String) throws {
        guard channel.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !channel.isEmpty else {
            throw StoreError.configuration(message: "a notification channel is letters, digits and underscores, got '\(channel)'")
        }
        self.connection = connection
        self.channel = channel
        try connection.executeScript("LISTEN \(channel)")
    }

    /// Waits up to `timeoutMilliseconds` for notifications; returns their payloads (empty on
    /// timeout). Throws when the connection is lost: make a new listener.
    public func wait(timeoutMilliseconds: Int32) throws -> [String] {
        try connection.waitForNotifications(timeoutMilliseconds: timeoutMilliseconds)
    }
}

extension PostgresConnection {
    func waitForNotifications(timeoutMilliseconds: Int32) throws -> [String] {
        var payloads = drainNotifications()
        guard payloads.isEmpty else { return payloads }
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw StoreError.unavailable(location: location, message: "the listening connection is closed") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready < 0 && errno != EINTR {
            throw StoreError.unavailable(location: location, message: "poll failed: \(String(cString: strerror(errno)))")
        }
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else {
                throw StoreError.unavailable(
                    location: location, message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
            }
            payloads = drainNotifications()
        }
        return payloads
    }

    private func drainNotifications() -> [String] {
        var payloads: [String] = []
        while let notification = PQnotifies(handle) {
            payloads.append(String(cString: notification.pointee.extra))
            PQfreemem(notification)
        }
        return payloads
    }
}
