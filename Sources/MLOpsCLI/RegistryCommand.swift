import ArgumentParser
import Foundation
import ModelRegistry

/// `mlops registry …`: models, versions, aliases, promotion and rollback, history, transfer.
struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Register, inspect, promote and roll back model versions.",
        subcommands: [
            CreateModel.self, Register.self, RegisterExternal.self, ListModels.self, ListVersions.self, Show.self, AliasCommand.self,
            Promote.self, Rollback.self, Archive.self, History.self, Verify.self, Download.self, Export.self, Import.self,
        ])
}

/// Parses a `<ref>` argument (`ctr`, `ctr/3`, `ctr@champion`, `models:/ctr/3`), failing with
/// the registry's own explanation.
func parseReference(_ text: String) throws -> ModelReference {
    do {
        return try ModelReference(parsing: text)
    } catch {
        throw ValidationError("\(error)")
    }
}

extension RegistryCommand {
    struct CreateModel: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a registered model.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name: lowercase letters, digits, '.', '_', '-'.") var model: String
        @Option(help: "A description.") var description: String = ""
        @Option(name: .customLong("tag"), help: "A tag key=value (repeatable).") var tags: [String] = []
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws { try Names.validateModel(model) }

        func run() throws {
            let context = try CommandContext(global)
            let created = try context.registry.createModel(
                model, description: description, tags: try KeyValue.strings(tags, option: "tag"), actor: global.resolvedActor)
            if json { try Output.json(created) } else { Output.line("created model \(created.name)") }
        }
    }

    struct Register: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Archive a directory and record it as the model's next version.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Argument(help: "Directory holding the model's files.", completion: .directory) var directory: String
        @Option(help: "What the files hold (xgboost, logreg, generic, …).") var flavor: String = "generic"
        @Option(name: .customLong("metric"), help: "A metric key=number (repeatable).") var metrics: [String] = []
        @Option(name: .customLong("param"), help: "A parameter key=value (repeatable).") var params: [String] = []
        @Option(name: .customLong("tag"), help: "A tag key=value (repeatable).") var tags: [String] = []
        @Option(help: "Fingerprint of the training data (lineage).") var dataFingerprint: String?
        @Option(help: "The pipeline run that produced the files (lineage).") var pipelineRun: String?
        @Option(help: "The version this one was trained to replace (lineage).") var parentVersion: Int?
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws {
            try Names.validateModel(model)
            try Names.validateFlavor(flavor)
            _ = try KeyValue.numbers(metrics, option: "metric")
            _ = try KeyValue.strings(params, option: "param")
            _ = try KeyValue.strings(tags, option: "tag")
        }

        func run() throws {
            let context = try CommandContext(global)
            let source = URL(fileURLWithPath: directory).standardizedFileURL.path
            let version = try context.registry.register(
                model: model, directory: directory, flavor: flavor, params: try KeyValue.strings(params, option: "param"),
                metrics: try KeyValue.numbers(metrics, option: "metric"), tags: try KeyValue.strings(tags, option: "tag"),
                lineage: Lineage(source: source, pipelineRun: pipelineRun, dataFingerprint: dataFingerprint, parentVersion: parentVersion),
                actor: global.resolvedActor)
            if json {
                try Output.json([
                    "model": AnyEncodable(version.model), "version": AnyEncodable(version.version), "sha256": AnyEncodable(version.sha256),
                ])
            } else {
                Output.line("registered \(version.reference) (sha256 \(version.sha256.prefix(12))…, \(Output.bytes(version.sizeBytes)))")
            }
        }
    }

    struct ListModels: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(commandName: "models", abstract: "List registered models.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let models = try CommandContext(global).registry.models()
            if json { return try Output.json(models) }
            Output.table(
                ["MODEL", "LATEST", "CHAMPION", "CHALLENGER", "UPDATED", "DESCRIPTION"],
                models.map { m in
                    [
                        m.name, m.latestVersion.map(String.init) ?? "-", m.aliases[WellKnownAlias.champion].map(String.init) ?? "-",
                        m.aliases[WellKnownAlias.challenger].map(String.init) ?? "-", Output.time(m.updatedAt), m.description,
                    ]
                })
        }
    }

    struct ListVersions: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(commandName: "versions", abstract: "List a model's versions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let versions = try CommandContext(global).registry.versions(model: model)
            if json { return try Output.json(versions) }
            Output.table(
                ["VERSION", "STATUS", "ALIASES", "FLAVOR", "SIZE", "SHA256", "CREATED", "METRICS"],
                versions.map { v in
                    [
                        String(v.version), v.status.rawValue, v.aliases.isEmpty ? "-" : v.aliases.joined(separator: ","), v.flavor,
                        Output.bytes(v.sizeBytes), String(v.sha256.prefix(12)), Output.time(v.createdAt),
                        Output.pairs(v.metrics.mapValues { String(format: "%.6g", $0) }),
                    ]
                })
        }
    }

    struct Show: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Show one version: ctr (latest), ctr/3, ctr@champion, models:/ctr/3.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model reference.", transform: parseReference) var reference: ModelReference
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let v = try CommandContext(global).registry.resolve(reference)
            if json { return try Output.json(v) }
            Output.table(
                ["FIELD", "VALUE"],
                [
                    ["model", v.model], ["version", String(v.version)], ["status", v.status.rawValue],
                    ["aliases", v.aliases.joined(separator: ", ")], ["flavor", v.flavor], ["sha256", v.sha256],
                    ["size", Output.bytes(v.sizeBytes)], ["metrics", Output.pairs(v.metrics.mapValues { String(format: "%.6g", $0) })],
                    ["params", Output.pairs(v.params)],
                    ["tags", Output.pairs(v.tags)], ["source", v.lineage.source ?? "-"], ["pipeline run", v.lineage.pipelineRun ?? "-"],
                    ["data fingerprint", v.lineage.dataFingerprint ?? "-"], ["parent version", v.lineage.parentVersion.map(String.init) ?? "-"],
                    ["created by", v.createdBy], ["created at", Output.time(v.createdAt)],
                ])
        }
    }
}
