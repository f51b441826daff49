import Foundation
import Logging

/// Where metadata and artifacts live, resolved from flags, environment and defaults:
/// `--db` > `MLOPS_DATABASE_URL` > `$MLOPS_HOME/registry/mlops.db`;
/// `--artifacts` > `MLOPS_ARTIFACT_ROOT` > `$MLOPS_HOME/registry/artifacts`
/// (`MLOPS_HOME` defaults to the current directory). An `s3://bucket/prefix` artifact root keeps
/// the archives in object storage, with a local cache in `$MLOPS_HOME/registry/artifact-cache`
/// (`artifactRoot` then names the cache) and pipeline runs in `$MLOPS_HOME/runs`.
public struct StoreConfiguration: Sendable, Equatable {
    /// Which backend, and where.
    public enum Database: Sendable, Equatable {
        case postgres(url: String)
        case sqlite(path: String)
    }

    public var database: Database
    /// The local artifact directory (the cache, when `artifactRemote` is set).
    public var artifactRoot: String
    /// `s3://bucket/prefix` when the archives live in object storage.
    public var artifactRemote: String?
    /// Where pipeline runs keep their files.
    public var runsRoot: String
    public var pool: PostgresPoolConfiguration
    /// With `artifactRemote`: the most bytes the local cache keeps (`MLOPS_ARTIFACT_CACHE_SIZE`,
    /// default 10 GB; `off`: nil, no bound).
    public var artifactCacheBytes: Int64?

    /// The cache bound when none is set.
    public static let defaultArtifactCacheBytes: Int64 = 10_000_000_000

    public init(
        database: Database, artifactRoot: String, artifactRemote: String? = nil, runsRoot: String? = nil,
        pool: PostgresPoolConfiguration = .init(), artifactCacheBytes: Int64? = nil
    ) {
        self.database = database
        self.artifactRoot = artifactRoot
        self.artifactRemote = artifactRemote
        self.artifactCacheBytes = artifactCacheBytes
        self.runsRoot = runsRoot ?? ((artifactRoot as NSString).deletingLastPathComponent as NSString).appendingPathComponent("runs")
        self.pool = pool
    }

    /// Resolves the configuration; `databaseFlag`/`artifactsFlag` are the CLI's `--db`/`--artifacts`.
    public static func resolve(
        databaseFlag: String? = nil, artifactsFlag: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> StoreConfiguration {
        let home = absolute(environment["MLOPS_HOME"].flatMap(nonEmpty) ?? currentDirectory, relativeTo: currentDirectory)
        let databaseValue = databaseFlag.flatMap(nonEmpty) ?? environment["MLOPS_DATABASE_URL"].flatMap(nonEmpty)
        let database: Database
        if let value = databaseValue {
            database = try parseDatabase(value, currentDirectory: currentDirectory)
        } else {
            database = .sqlite(path: (home as NSString).appendingPathComponent("registry/mlops.db"))
        }
        let artifacts = artifactsFlag.flatMap(nonEmpty) ?? environment["MLOPS_ARTIFACT_ROOT"].flatMap(nonEmpty)
        if let artifacts, artifacts.hasPrefix("s3://") {
            let cache = environment["MLOPS_ARTIFACT_CACHE"].flatMap(nonEmpty).map { absolute($0, relativeTo: currentDirectory) }
            return StoreConfiguration(
                database: database, artifactRoot: cache ?? (home as NSString).appendingPathComponent("registry/artifact-cache"),
                artifactRemote: artifacts, runsRoot: (home as NSString).appendingPathComponent("runs"),
                artifactCacheBytes: try cacheBytes(environment["MLOPS_ARTIFACT_CACHE_SIZE"].flatMap(nonEmpty), name: "MLOPS_ARTIFACT_CACHE_SIZE"))
        }
        let artifactRoot =
            artifacts.map { absolute($0, relativeTo: currentDirectory) }
            ?? (home as NSString).appendingPathComponent("registry/artifacts")
        return StoreConfiguration(database: database, artifactRoot: artifactRoot)
    }

    /// A cache bound as written (`10GB`, `512MiB`, `off`); nil text is the default. `name` is the
    /// flag or variable it came from, for the error.
    public static func cacheBytes(_ text: String?, name: String) throws -> Int64? {
        guard let text else { return defaultArtifactCacheBytes }
        if text.lowercased() == "off" { return nil }
        guard let bytes = ByteSize.parse(text), bytes > 0 else {
            throw StoreError.configuration(message: "\(name) '\(text)' is not a size like 10GB, 512MiB or off")
        }
        return bytes
    }

    /// `postgresql://…`/`postgres://…` select PostgreSQL; `sqlite:PATH`, `sqlite://PATH` or a plain
    /// path select SQLite.
    public static func parseDatabase(_ value: String, currentDirectory: String) throws -> Database {
        let lowered = value.lowercased()
        if lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") {
            return .postgres(url: value)
        }
        if lowered.contains("://"), !lowered.hasPrefix("sqlite://") {
            throw StoreError.configuration(
                message: "unsupported database URL '\(PostgresDatabase.redact(value))': use postgresql://… or a SQLite file path")
        }
        var path = value
        for prefix in ["sqlite://", "sqlite:"] where lowered.hasPrefix(prefix) {
            path = String(value.dropFirst(prefix.count))
            break
        }
        guard !path.isEmpty else {
            throw StoreError.configuration(message: "empty SQLite path in '\(value)'")
        }
        return .sqlite(path: absolute(path, relativeTo: currentDirectory))
    }

    /// Opens the database and applies pending migrations ("on first use").
    public func openDatabase(logger: Logger = Logger(label: "mlops.store"), migrate: Bool = true) throws -> SQLDatabase {
        let database: SQLDatabase
        switch self.database {
        case .postgres(let url): database = PostgresDatabase(url: url, configuration: pool, logger: logger)
        case .sqlite(let path): database = try SQLiteDatabase(path: path)
        }
        if migrate {
            try Migrator(database: database, logger: logger).migrate()
        }
        return database
    }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }

    private static func absolute(_ path: String, relativeTo base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        return ((base as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }
}
