import ArgumentParser
import Foundation
import Logging
import MLOpsLogging
import MLOpsStore

/// Options every command takes: where the store is, logging, and who is acting.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long, help: "Database: a postgresql:// URL or a SQLite file path (default: $MLOPS_DATABASE_URL, else $MLOPS_HOME/registry/mlops.db).")
    var db: String?

    @Option(
        name: .long, help: "Artifact root: a directory or s3://bucket/prefix (default: $MLOPS_ARTIFACT_ROOT, else $MLOPS_HOME/registry/artifacts).")
    var artifacts: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: LogLevel = .warning

    @Option(name: .long, help: "Log format: json or text (default: text on a terminal, json otherwise).")
    var logFormat: LoggingSetup.Format?

    @Option(name: .long, help: "Who is acting, recorded in the history (default: $MLOPS_ACTOR, else the OS user).")
    var actor: String?

    /// The actor name for history entries.
    var resolvedActor: String {
        if let actor, !actor.isEmpty { return actor }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MLOPS_ACTOR"], !fromEnvironment.isEmpty { return fromEnvironment }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    func storeConfiguration() throws -> StoreConfiguration {
        try StoreConfiguration.resolve(databaseFlag: db, artifactsFlag: artifacts)
    }
}

/// A command whose global options configure logging before it runs.
protocol HasGlobalOptions {
    var global: GlobalOptions { get }
}

/// swift-log levels as a CLI option.
struct LogLevel: ExpressibleByArgument, Sendable {
    let level: Logger.Level
    init(_ level: Logger.Level) { self.level = level }
    init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }
    static let warning = LogLevel(.warning)
    var defaultValueDescription: String { level.rawValue }
    static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }
}

extension LoggingSetup.Format: ExpressibleByArgument {}
