import ArgumentParser
import Logging
import MLOpsStore
import MLOpsTime

/// `mlops db migrate | status`.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Apply and inspect schema migrations.",
        subcommands: [Migrate.self, Status.self])

    struct Migrate: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Apply pending migrations (also done automatically on first use).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let configuration = try global.storeConfiguration()
            let database = try configuration.openDatabase(migrate: false)
            defer { database.close() }
            let applied = try Migrator(database: database, logger: Logger(label: "mlops.store")).migrate()
            if json {
                try Output.json(["database": AnyEncodable(database.location), "applied": AnyEncodable(applied)])
            } else if applied.isEmpty {
                Output.line("\(database.location) is up to date")
            } else {
                for name in applied { Output.line("applied \(name)") }
            }
        }
    }

    struct Status: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List migrations and whether each is applied.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let configuration = try global.storeConfiguration()
            let database = try configuration.openDatabase(migrate: false)
            defer { database.close() }
            let statuses = try Migrator(database: database).status()
            if json {
                try Output.json(statuses.map(MigrationRow.init))
            } else {
                Output.line("database: \(database.location)")
                Output.table(
                    ["NUMBER", "NAME", "STATE", "APPLIED", "CHECKSUM"],
                    statuses.map {
                        [String($0.number), $0.name, $0.state.rawValue, $0.appliedAt.map(Output.time) ?? "-", String($0.checksum.prefix(12))]
                    })
            }
            if statuses.contains(where: { $0.state == .changed || $0.state == .unknown }) {
                throw ExitCode.failure
            }
        }
    }

    /// JSON shape of one migration in `db status --json`.
    struct MigrationRow: Encodable {
        let number: Int
        let name: String
        let state: String
        let checksum: String
        let appliedAt: String?

        init(_ status: MigrationStatus) {
            number = status.number
            name = status.name
            state = status.state.rawValue
            checksum = status.checksum
            appliedAt = status.appliedAt.map { Clock.iso8601(milliseconds: $0) }
        }

        enum CodingKeys: String, CodingKey {
            case number, name, state, checksum
            case appliedAt = "applied_at"
        }
    }
}

/// Type-erased Encodable for small ad-hoc JSON objects.
struct AnyEncodable: Encodable {
    private let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
