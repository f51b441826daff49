import ArgumentParser
import ExternalModels
import Foundation
import ModelRegistry

extension RegistryCommand {
    /// `mlops registry register-external`: a version whose predictions come from a model served
    /// elsewhere over the v2 protocol (`ExternalRegistration`).
    struct RegisterExternal: AsyncParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(
            commandName: "register-external",
            abstract: "Register a model served elsewhere (MLServer, Triton, KServe) over the v2 protocol as the model's next version.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Option(help: "The upstream's v2 model URL, e.g. http://mlserver:8080/v2/models/ctr.") var upstream: String
        @Option(
            help:
                "Feature names of a single [N, F] input tensor, comma-separated (default: the champion's, when as many; else f0, f1, …)."
        )
        var featureNames: String?
        @Option(help: "The output holding the score (default: predict when listed, else the first output).") var output: String?
        @Option(help: "How long one call to the upstream may take, e.g. 2s.") var timeout: String = "2s"
        @Option(name: .customLong("metric"), help: "A holdout metric key=number (repeatable), e.g. log_loss=0.41.") var metrics: [String] = []
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws {
            try Names.validateModel(model)
            guard upstream.hasPrefix("http://") || upstream.hasPrefix("https://") else {
                throw ValidationError("--upstream must be an http:// or https:// URL of a v2 model, e.g. http://mlserver:8080/v2/models/ctr")
            }
            guard TimeArgument.seconds(timeout).map({ $0 <= 600 }) == true else {
                throw ValidationError("--timeout '\(timeout)' is not a duration from 1s to 10m")
            }
            _ = try KeyValue.numbers(metrics, option: "metric")
        }

        func run() async throws {
            let context = try CommandContext(global)
            let registered = try await ExternalRegistration.register(
                registry: context.registry, model: model, url: upstream,
                featureNames: featureNames.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }, output: output,
                timeoutSeconds: Double(TimeArgument.seconds(timeout)!), metrics: try KeyValue.numbers(metrics, option: "metric"),
                actor: global.resolvedActor)
            let (version, spec, profiled) = (registered.version, registered.spec, registered.profiled)
            let url = spec.url
            if json {
                try Output.json([
                    "model": AnyEncodable(version.model), "version": AnyEncodable(version.version), "upstream": AnyEncodable(url),
                    "layout": AnyEncodable(spec.layout.rawValue), "features": AnyEncodable(spec.features.map(\.name)),
                    "output": AnyEncodable(spec.output), "drift_profile": AnyEncodable(profiled),
                ])
            } else {
                Output.line(
                    "registered \(version.reference): external, \(spec.features.count) features as \(spec.layout == .tensor ? "one tensor" : "one tensor each") → \(url)"
                        + (profiled ? " (drift profile from the champion)" : " (no drift profile: the champion reads other features)"))
            }
        }
    }
}
