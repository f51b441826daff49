import Foundation
import Logging
import MLOpsTime

/// Applies numbered SQL migrations in order, each batch in one transaction, and records each
/// with its checksum in `schema_migrations`. An applied migration whose SQL changed is refused.
public struct Migrator: Sendable {
    public let database: SQLDatabase
    public let migrations: [MigrationFile]
    private let logger: Logger

    /// Uses the migrations embedded in the binary for the database's dialect unless given others.
    public init(database: SQLDatabase, migrations: [MigrationFile]? = nil, logger: Logger = Logger(label: "mlops.store")) {
        self.database = database
        self.migrations = migrations ?? (database.dialect == .postgres ? EmbeddedMigrations.postgres : EmbeddedMigrations.sqlite)
        self.logger = logger
    }

    /// Applies every pending migration; returns the names applied (empty when up to date).
    @discardableResult
    public func migrate() throws -> [String] {
        let ordered = try validatedMigrations()
        return try database.transaction { connection in
            try lockAndEnsureTable(connection)
            let applied = try appliedRows(connection)
            try check(applied: applied, against: ordered)
            var names: [String] = []
            for (number, file) in ordered where applied[number] == nil {
                logger.info("applying migration", metadata: ["migration": "\(file.name)", "database": "\(database.location)"])
                do {
                    try connection.executeScript(file.sql)
                } catch {
                    throw StoreError.migration(message: "\(file.name) failed on \(database.location): \(error)")
                }
                try connection.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                    [.int(Int64(number)), .text(file.name), .text(file.checksum), .int(Clock.nowMilliseconds())])
                names.append(file.name)
            }
            return names
        }
    }

    /// Every known and applied migration with its state, in order.
    public func status() throws -> [MigrationStatus] {
        let ordered = try validatedMigrations()
        let applied = try database.transaction { connection in
            try lockAndEnsureTable(connection)
            return try appliedRows(connection)
        }
        var result: [MigrationStatus] = []
        for (number, file) in ordered {
            if let row = applied[number] {
                let state: MigrationStatus.State = row.checksum == file.checksum ? .applied : .changed
                result.append(MigrationStatus(number: number, name: file.name, state: state, checksum: row.checksum, appliedAt: row.appliedAt))
            } else {
                result.append(MigrationStatus(number: number, name: file.name, state: .pending, checksum: file.checksum, appliedAt: nil))
            }
        }
        let known = Set(ordered.map(\.0))
        for (number, row) in applied where !known.contains(number) {
            result.append(MigrationStatus(number: number, name: row.name, state: .unknown, checksum: row.checksum, appliedAt: row.appliedAt))
        }
        return result.sorted { $0.number < $1.number }
    }

    // MARK: - Internals

    private struct AppliedRow {
        let name: String
        let checksum: String
        let appliedAt: Int64
    }

    private func validatedMigrations() throws -> [(Int, MigrationFile)] {
        var seen: [Int: String] = [:]
        var ordered: [(Int, MigrationFile)] = []
        for file in migrations {
            guard let number = file.number, file.name.hasSuffix(".sql") else {
                throw StoreError.migration(message: "migration file name '\(file.name)' must look like 0001_description.sql")
            }
            if let other = seen[number] {
                throw StoreError.migration(message: "migrations '\(other)' and '\(file.name)' share the number \(number)")
            }
            seen[number] = file.name
            ordered.append((number, file))
        }
        return ordered.sorted { $0.0 < $1.0 }
    }

    /// Serializes concurrent migrators (several processes starting at once) and creates the
    /// bookkeeping table on first use.
    private func lockAndEnsureTable(_ connection: SQLConnection) throws {
        if connection.dialect == .postgres {
            // An arbitrary constant key for "mlops schema migrations"; released at commit.
            _ = try connection.query("SELECT pg_advisory_xact_lock(7243514160)", [])
        }
        try connection.executeScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                checksum   TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """)
    }

    private func appliedRows(_ connection: SQLConnection) throws -> [Int: AppliedRow] {
        let rows = try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version", [])
        var applied: [Int: AppliedRow] = [:]
        for row in rows {
            applied[try row.int("version")] = AppliedRow(
                name: try row.string("name"), checksum: try row.string("checksum"), appliedAt: try row.int64("applied_at"))
        }
        return applied
    }

    private func check(applied: [Int: AppliedRow], against ordered: [(Int, MigrationFile)]) throws {
        let files = Dictionary(uniqueKeysWithValues: ordered)
        for (number, row) in applied.sorted(by: { $0.key < $1.key }) {
            guard let file = files[number] else {
                throw StoreError.migration(
                    message: "\(database.location) has migration \(row.name) applied, which this mlops binary does not know; use a newer mlops")
            }
            if file.checksum != row.checksum {
                throw StoreError.migration(
                    message:
                        "migration \(file.name) was applied to \(database.location) with checksum \(row.checksum.prefix(12))… but the file now has \(file.checksum.prefix(12))…; applied migrations must not change — add a new migration instead"
                )
            }
        }
    }
}
