import ArgumentParser
import Foundation
import ModelRegistry

extension RegistryCommand {
    struct Verify: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Re-hash a version's archive and compare it with the recorded digest.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model reference.", transform: parseReference) var reference: ModelReference
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let version = try CommandContext(global).registry.verify(reference)
            if json {
                return try Output.json([
                    "model": AnyEncodable(version.model), "version": AnyEncodable(version.version),
                    "sha256": AnyEncodable(version.sha256), "ok": AnyEncodable(true),
                ])
            }
            Output.line("ok: \(version.reference) sha256 \(version.sha256) (\(Output.bytes(version.sizeBytes)))")
        }
    }

    struct Download: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Verify a version and extract its files into a new directory.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model reference.", transform: parseReference) var reference: ModelReference
        @Argument(help: "Destination directory (must not exist or be empty).", completion: .directory) var directory: String

        func run() throws {
            let (version, summary) = try CommandContext(global).registry.download(reference, into: directory)
            Output.line("extracted \(version.reference) into \(directory) (\(summary.entries) entries, \(Output.bytes(summary.totalBytes)))")
        }
    }

    struct Export: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Write one version as a self-contained archive for another registry.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model reference.", transform: parseReference) var reference: ModelReference
        @Argument(help: "Output file (.tar.zst).", completion: .file()) var file: String

        func run() throws {
            let version = try CommandContext(global).registry.export(reference, to: file)
            Output.line("exported \(version.reference) to \(file)")
        }
    }

    struct Import: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Import an exported version as the model's next version (creates the model if needed).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name to import into.") var model: String
        @Argument(help: "Export archive.", completion: .file()) var file: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws { try Names.validateModel(model) }

        func run() throws {
            let version = try CommandContext(global).registry.importVersion(model: model, file: file, actor: global.resolvedActor)
            if json {
                return try Output.json([
                    "model": AnyEncodable(version.model), "version": AnyEncodable(version.version), "sha256": AnyEncodable(version.sha256),
                ])
            }
            Output.line("imported \(file) as \(version.reference) (sha256 \(version.sha256.prefix(12))…)")
        }
    }
}
