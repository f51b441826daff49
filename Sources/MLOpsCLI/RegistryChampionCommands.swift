import ArgumentParser
import ModelRegistry

extension RegistryCommand {
    /// `mlops registry alias set|delete`.
    struct AliasCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alias", abstract: "Point an alias at a version, or remove it.", subcommands: [Set.self, Delete.self])

        struct Set: ParsableCommand, HasGlobalOptions {
            static let configuration = CommandConfiguration(abstract: "Point an alias at a version (champion/previous: use promote/rollback).")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Model name.") var model: String
            @Argument(help: "Alias name.") var alias: String
            @Argument(help: "Version number.") var version: Int
            @Option(help: "Why (recorded in the history).") var reason: String?

            func validate() throws {
                try Names.validateModel(model)
                try Names.validateAlias(alias)
                guard version > 0 else { throw ValidationError("version must be a positive integer") }
            }

            func run() throws {
                try CommandContext(global).registry.setAlias(
                    model: model, alias: alias, version: version, actor: global.resolvedActor, reason: reason)
                Output.line("\(model)@\(alias) → \(model)/\(version)")
            }
        }

        struct Delete: ParsableCommand, HasGlobalOptions {
            static let configuration = CommandConfiguration(abstract: "Remove an alias.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Model name.") var model: String
            @Argument(help: "Alias name.") var alias: String
            @Option(help: "Why (recorded in the history).") var reason: String?

            func validate() throws {
                try Names.validateModel(model)
                try Names.validateAlias(alias)
            }

            func run() throws {
                try CommandContext(global).registry.deleteAlias(model: model, alias: alias, actor: global.resolvedActor, reason: reason)
                Output.line("removed \(model)@\(alias)")
            }
        }
    }

    struct Promote: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Make a version the champion; the old champion becomes 'previous'.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Argument(help: "Version number.") var version: Int
        @Option(help: "Why (recorded in the history).") var reason: String?
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws {
            try Names.validateModel(model)
            guard version > 0 else { throw ValidationError("version must be a positive integer") }
        }

        func run() throws {
            let change = try CommandContext(global).registry.promote(model: model, version: version, actor: global.resolvedActor, reason: reason)
            if json { return try Output.json(change) }
            Output.line("\(model): champion is now version \(change.champion)" + (change.previous.map { " (previous: \($0))" } ?? ""))
        }
    }

    struct Rollback: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Make the previous champion the champion again.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Option(help: "Why (recorded in the history).") var reason: String?
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws { try Names.validateModel(model) }

        func run() throws {
            let change = try CommandContext(global).registry.rollback(model: model, actor: global.resolvedActor, reason: reason)
            if json { return try Output.json(change) }
            Output.line("\(model): rolled back to version \(change.champion) (version \(change.previous ?? 0) is now 'previous')")
        }
    }

    struct Archive: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Archive a version (kept and verifiable, no longer servable).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Argument(help: "Version number.") var version: Int
        @Option(help: "Why (recorded in the history).") var reason: String?

        func validate() throws {
            try Names.validateModel(model)
            guard version > 0 else { throw ValidationError("version must be a positive integer") }
        }

        func run() throws {
            try CommandContext(global).registry.archive(model: model, version: version, actor: global.resolvedActor, reason: reason)
            Output.line("archived \(model)/\(version)")
        }
    }

    struct History: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Every change to a model, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws { try Names.validateModel(model) }

        func run() throws {
            let events = try CommandContext(global).registry.history(model: model)
            if json { return try Output.json(events) }
            Output.table(
                ["AT", "KIND", "VERSION", "FROM", "ALIAS", "ACTOR", "REASON"],
                events.map { e in
                    [
                        Output.time(e.at), e.kind.rawValue, e.version.map(String.init) ?? "-", e.fromVersion.map(String.init) ?? "-",
                        e.alias ?? "-", e.actor, e.reason ?? "",
                    ]
                })
        }
    }
}
