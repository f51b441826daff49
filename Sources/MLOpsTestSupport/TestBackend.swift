import Foundation
import MLOpsStore

/// The backends the shared store tests run against: SQLite always; PostgreSQL when
/// `MLOPS_TEST_DATABASE_URL` is set (CI and `make test` always set it, and with `CI=true` a
/// missing URL is an error rather than a silent skip).
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The backends available in this run.
    public static var available: [TestBackend] {
        _ = TestLogging.bootstrapped
        return postgresURL == nil && ProcessInfo.processInfo.environment["CI"] != "true" ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["MLOPS_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A fresh, empty, migrated database: a new SQLite file, or a new PostgreSQL schema.
    public func makeDatabase(migrate: Bool = true, pool: PostgresPoolConfiguration = .init(maxConnections: 12)) throws -> SQLDatabase {
        let database: SQLDatabase
        switch self {
        case .sqlite:
            database = try SQLiteDatabase(path: try TemporaryDirectory.make(prefix: "sqlite") + "/test.db")
        case .postgres:
            database = PostgresDatabase(url: try Self.freshSchemaURL(), configuration: pool)
        }
        if migrate { try Migrator(database: database).migrate() }
        return database
    }

    /// Creates a uniquely named schema and returns a URL whose connections use it.
    public static func freshSchemaURL() throws -> String {
        guard let base = postgresURL else {
            throw StoreError.configuration(
                message: "MLOPS_TEST_DATABASE_URL is not set; run the tests through `make test` (scripts/with-postgres.sh)")
        }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let admin = PostgresDatabase(url: base, configuration: .init(maxConnections: 1))
        defer { admin.close() }
        try admin.withConnection { try $0.executeScript("CREATE SCHEMA \(schema)") }
        return withSearchPath(base, schema: String(schema))
    }

    /// `url` with libpq's `options=-csearch_path=<schema>` added.
    public static func withSearchPath(_ url: String, schema: String) -> String {
        url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }
}

/// Fresh directories under the system temporary directory, one per fixture.
public enum TemporaryDirectory {
    public static func make(prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + "mlops-test-\(prefix)-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
