import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// Pool behaviour against real servers: exhaustion, dead idle connections, and a server that
/// stops and comes back mid-test (on a private throwaway cluster so other tests are unaffected).
@Suite(.enabled(if: TestBackend.available.contains(.postgres)))
struct PostgresPoolTests {
    @Test func checkoutTimesOutClearlyWhenEveryConnectionIsBusy() throws {
        let url = try TestBackend.freshSchemaURL()
        let db = PostgresDatabase(url: url, configuration: .init(maxConnections: 1, checkoutTimeoutSeconds: 0.5))
        defer { db.close() }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            _ = try? db.withConnection { _ in
                holding.signal()
                release.wait()
            }
        }
        holder.start()
        holding.wait()
        let started = Date()
        do {
            try db.withConnection { _ in }
            Issue.record("expected a checkout timeout")
        } catch let error as StoreError {
            guard case .checkoutTimeout = error else {
                Issue.record("expected checkoutTimeout, got \(error)")
                return
            }
            #expect("\(error)".contains("timed out after 0.5 s"))
        }
        #expect(Date().timeIntervalSince(started) < 3)
        release.signal()
        // Once returned, the connection is reused.
        try db.withConnection { try $0.executeScript("SELECT 1") }
        #expect(db.openConnections == 1)
    }

    @Test func aConnectionKilledWhileIdleIsReplacedTransparently() throws {
        let url = try TestBackend.freshSchemaURL()
        let db = PostgresDatabase(url: url, configuration: .init(maxConnections: 2, healthCheckAfterIdleSeconds: 0))
        defer { db.close() }
        let pid = try db.withConnection { try $0.query("SELECT pg_backend_pid() AS pid", []).first?.int("pid") }
        let admin = PostgresDatabase(url: url, configuration: .init(maxConnections: 1))
        defer { admin.close() }
        try admin.withConnection { c in
            _ = try c.query("SELECT pg_terminate_backend($1::int) AS killed", [SQLValue(try #require(pid))])
        }
        Thread.sleep(forTimeInterval: 0.2)
        let newPid = try db.withConnection { try $0.query("SELECT pg_backend_pid() AS pid", []).first?.int("pid") }
        #expect(newPid != nil && newPid != pid)
    }

    @Test func serverStoppedAndRestartedGivesAClearErrorThenRecovers() throws {
        let dir = try TemporaryDirectory.make(prefix: "pgpool") + "/cluster"
        let started = try Shell.script("with-postgres.sh", ["start", dir])
        try #require(started.status == 0, "could not start a private cluster: \(started.stderr)")
        defer { _ = try? Shell.script("with-postgres.sh", ["stop", dir]) }
        let url = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let db = PostgresDatabase(url: url, configuration: .init(maxConnections: 2, checkoutTimeoutSeconds: 1.5, healthCheckAfterIdleSeconds: 0))
        defer { db.close() }
        try Migrator(database: db).migrate()
        try db.withConnection { try $0.executeScript("SELECT 1") }

        // Server goes away: a clear error naming the database, within the checkout timeout.
        try #require(try Shell.script("with-postgres.sh", ["pause", dir]).status == 0)
        let before = Date()
        do {
            try db.withConnection { try $0.executeScript("SELECT 1") }
            Issue.record("expected an error while the server is down")
        } catch let error as StoreError {
            let text = "\(error)"
            #expect(text.contains("127.0.0.1"), "error should name the database: \(text)")
            switch error {
            case .unavailable, .checkoutTimeout: break
            default: Issue.record("expected unavailable, got \(error)")
            }
        }
        #expect(Date().timeIntervalSince(before) < 10)

        // A request made while the server is down succeeds once it comes back within the
        // checkout timeout (reconnect with backoff).
        let patient = PostgresDatabase(url: url, configuration: .init(maxConnections: 1, checkoutTimeoutSeconds: 30))
        defer { patient.close() }
        let result = LockedResult()
        let waiter = Thread {
            result.set(Result { try patient.withConnection { try $0.query("SELECT COUNT(*) AS n FROM schema_migrations", []).first?.int("n") } })
        }
        waiter.start()
        Thread.sleep(forTimeInterval: 1)
        try #require(try Shell.script("with-postgres.sh", ["resume", dir]).status == 0)
        let outcome = try result.wait(seconds: 30)
        #expect(try outcome.get() == EmbeddedMigrations.postgres.count)

        // And the first pool recovers too.
        try db.withConnection { try $0.executeScript("SELECT 1") }
    }
}

/// A value handed from a worker thread to the test.
final class LockedResult: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Result<Int?, Error>?

    func set(_ newValue: Result<Int?, Error>) {
        condition.lock()
        value = newValue
        condition.broadcast()
        condition.unlock()
    }

    func wait(seconds: Double) throws -> Result<Int?, Error> {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while value == nil {
            if !condition.wait(until: deadline) { break }
        }
        guard let value else { throw StoreError.configuration(message: "worker did not finish in \(seconds) s") }
        return value
    }
}
