import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

@Suite struct MigratorTests {
    static let first = MigrationFile(name: "0001_first.sql", sql: "CREATE TABLE first_table (id INTEGER PRIMARY KEY)")
    static let second = MigrationFile(name: "0002_second.sql", sql: "CREATE TABLE second_table (id INTEGER PRIMARY KEY)")

    @Test(arguments: TestBackend.available)
    func appliesPendingMigrationsInOrderOnceAndRecordsThem(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        let migrator = Migrator(database: db, migrations: [Self.second, Self.first])
        #expect(try migrator.status().map(\.state) == [.pending, .pending])
        #expect(try migrator.migrate() == ["0001_first.sql", "0002_second.sql"])
        #expect(try migrator.migrate() == [])
        let status = try migrator.status()
        #expect(status.map(\.state) == [.applied, .applied])
        #expect(status.map(\.checksum) == [Self.first.checksum, Self.second.checksum])
        #expect(status.allSatisfy { $0.appliedAt != nil })
        // The tables exist.
        try db.withConnection { c in
            try c.execute("INSERT INTO second_table (id) VALUES ($1)", [.int(1)])
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAnAppliedMigrationWhoseFileChanged(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        try Migrator(database: db, migrations: [Self.first]).migrate()
        let edited = MigrationFile(name: "0001_first.sql", sql: Self.first.sql + " -- edited")
        let migrator = Migrator(database: db, migrations: [edited, Self.second])
        do {
            try migrator.migrate()
            Issue.record("expected the edited migration to be refused")
        } catch {
            #expect("\(error)".contains("0001_first.sql"))
            #expect("\(error)".contains("must not change"))
        }
        #expect(try migrator.status().map(\.state) == [.changed, .pending])
        // Nothing of the second migration was applied.
        #expect(throws: StoreError.self) {
            try db.withConnection { try $0.execute("INSERT INTO second_table (id) VALUES ($1)", [.int(1)]) }
        }
    }

    @Test(arguments: TestBackend.available)
    func aFailingMigrationLeavesNothingBehind(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        let broken = MigrationFile(name: "0002_broken.sql", sql: "CREATE TABLE half (id INTEGER); THIS IS NOT SQL")
        #expect(throws: StoreError.self) { try Migrator(database: db, migrations: [Self.first, broken]).migrate() }
        let status = try Migrator(database: db, migrations: [Self.first, broken]).status()
        #expect(status.map(\.state) == [.pending, .pending])
    }

    @Test(arguments: TestBackend.available)
    func refusesADatabaseMigratedByANewerBinary(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        try Migrator(database: db, migrations: [Self.first, Self.second]).migrate()
        let older = Migrator(database: db, migrations: [Self.first])
        #expect(throws: StoreError.self) { try older.migrate() }
        #expect(try older.status().last?.state == .unknown)
    }

    @Test func rejectsMalformedAndDuplicateNumbers() throws {
        let db = try TestBackend.sqlite.makeDatabase(migrate: false)
        #expect(throws: StoreError.self) {
            try Migrator(database: db, migrations: [MigrationFile(name: "first.sql", sql: "SELECT 1")]).migrate()
        }
        #expect(throws: StoreError.self) {
            try Migrator(database: db, migrations: [Self.first, MigrationFile(name: "0001_again.sql", sql: "SELECT 1")]).migrate()
        }
    }

    @Test(arguments: TestBackend.available)
    func embeddedMigrationsApplyCleanly(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: true)
        defer { db.close() }
        #expect(try Migrator(database: db).status().allSatisfy { $0.state == .applied })
    }

    /// The binary's embedded copies must match migrations/ byte for byte (regenerate with
    /// scripts/embed-migrations.sh).
    @Test(arguments: ["postgres", "sqlite"])
    func embeddedMigrationsMatchTheFilesOnDisk(dialect: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("migrations/\(dialect)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let embedded = dialect == "postgres" ? EmbeddedMigrations.postgres : EmbeddedMigrations.sqlite
        #expect(embedded.map(\.name) == names)
        for file in embedded {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(file.sql + "\n" == onDisk, "\(dialect)/\(file.name) differs from its embedded copy: run scripts/embed-migrations.sh")
        }
    }
}
