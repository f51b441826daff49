import Foundation
import Logging

/// The production store: a pool of libpq connections to one PostgreSQL database.
///
/// Checkouts wait up to `checkoutTimeoutSeconds`; idle connections are health-checked before
/// reuse; a lost server is reconnected with exponential backoff and jitter, and a request that
/// cannot get a connection in time fails with `StoreError.checkoutTimeout` or `.unavailable`.
public final class PostgresDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.postgres
    public let location: String
    public let configuration: PostgresPoolConfiguration
    private let conninfo: String
    private let logger: Logger
    private let condition = NSCondition()
    private var idle: [(connection: PostgresConnection, since: Date)] = []
    private var openCount = 0
    private var closed = false

    /// `url` is a `postgresql://` URL (or libpq key=value string); unset parts come from `PG*`
    /// environment variables as libpq defines. Nothing connects until first use.
    public init(url: String, configuration: PostgresPoolConfiguration = .init(), logger: Logger = Logger(label: "mlops.store")) {
        self.conninfo = url
        self.location = Self.redact(url)
        self.configuration = configuration
        self.logger = logger
    }

    deinit { close() }

    @discardableResult
    public func withConnection<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        let connection = try checkout()
        defer { release(connection) }
        return try body(connection)
    }

    @discardableResult
    public func transaction<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.executeScript("BEGIN")
            do {
                let result = try body(connection)
                try connection.executeScript("COMMIT")
                return result
            } catch {
                try? connection.executeScript("ROLLBACK")
                throw error
            }
        }
    }

    public func close() {
        condition.lock()
        closed = true
        let toClose = idle
        idle.removeAll()
        openCount -= toClose.count
        condition.broadcast()
        condition.unlock()
        _ = toClose  // connections close (PQfinish) when released here
    }

    /// Connections currently open (idle or in use); for tests and metrics.
    public var openConnections: Int {
        condition.lock()
        defer { condition.unlock() }
        return openCount
    }

    // MARK: - Pool

    private func checkout() throws -> PostgresConnection {
        let deadline = Date().addingTimeInterval(configuration.checkoutTimeoutSeconds)
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw StoreError.unavailable(location: location, message: "the connection pool is closed")
            }
            if let entry = idle.popLast() {
                condition.unlock()
                let stale = Date().timeIntervalSince(entry.since) > configuration.healthCheckAfterIdleSeconds
                if !entry.connection.isAlive || (stale && !entry.connection.ping()) {
                    logger.debug("discarding a dead pooled connection", metadata: ["database": "\(location)"])
                    condition.lock()
                    openCount -= 1
                    continue
                }
                return entry.connection
            }
            if openCount < configuration.maxConnections {
                openCount += 1
                condition.unlock()
                do {
                    return try connect(deadline: deadline)
                } catch {
                    condition.lock()
                    openCount -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            if !condition.wait(until: deadline) {
                condition.unlock()
                throw StoreError.checkoutTimeout(
                    location: location, seconds: configuration.checkoutTimeoutSeconds,
                    maxConnections: configuration.maxConnections)
            }
        }
    }

    private func release(_ connection: PostgresConnection) {
        let reusable = connection.isAlive && connection.isIdle
        condition.lock()
        defer {
            condition.signal()
            condition.unlock()
        }
        guard reusable, !closed else {
            openCount -= 1
            return
        }
        let now = Date()
        idle.append((connection, now))
        // Close idle connections above the minimum that have sat unused too long.
        while idle.count > configuration.minConnections,
            let oldest = idle.first, now.timeIntervalSince(oldest.since) > configuration.maxIdleSeconds
        {
            idle.removeFirst()
            openCount -= 1
        }
    }

    /// A connection of its own, outside the pool (a listener keeps it for its lifetime).
    func openDedicatedConnection() throws -> PostgresConnection {
        try PostgresConnection(conninfo: conninfo, location: location, connectTimeoutSeconds: configuration.connectTimeoutSeconds)
    }

    /// Connects, retrying transient failures with backoff until `deadline`.
    private func connect(deadline: Date) throws -> PostgresConnection {
        let started = Date()
        var attempt = 0
        while true {
            attempt += 1
            do {
                let connection = try PostgresConnection(
                    conninfo: conninfo, location: location, connectTimeoutSeconds: configuration.connectTimeoutSeconds)
                if attempt > 1 {
                    logger.info("reconnected to PostgreSQL", metadata: ["database": "\(location)", "attempts": "\(attempt)"])
                }
                return connection
            } catch let StoreError.unavailable(_, message) {
                let delay = configuration.backoff(attempt: attempt, random: Double.random(in: 0...1))
                guard Self.isTransient(message), Date().addingTimeInterval(delay) < deadline else {
                    let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
                    throw StoreError.unavailable(
                        location: location, message: "\(message) (\(attempt) connection attempt\(attempt == 1 ? "" : "s") in \(elapsed) s)")
                }
                logger.debug(
                    "PostgreSQL unreachable, retrying", metadata: ["database": "\(location)", "attempt": "\(attempt)", "error": "\(message)"])
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }

    /// Failures worth retrying: the server is down, starting, stopping or unreachable — not a
    /// wrong password or a missing database.
    static func isTransient(_ message: String) -> Bool {
        let lowered = message.lowercased()
        let permanent = [
            "password authentication failed", "does not exist", "no password supplied", "invalid", "unsupported", "no pg_hba.conf entry",
        ]
        if permanent.contains(where: lowered.contains) { return false }
        return true
    }

    /// The URL with any password replaced by `***`.
    static func redact(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex) else {
            return url.isEmpty ? "postgresql:// (from PG* environment)" : url
        }
        let userInfo = url[scheme.upperBound..<at.lowerBound]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at.lowerBound...])
    }
}
