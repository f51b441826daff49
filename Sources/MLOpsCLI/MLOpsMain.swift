import ArgumentParser
import Foundation
import MLOpsLogging

/// Entry point of the `mlops` executable: parses, runs, and maps failures to exit codes —
/// 0 success, 1 a failed operation (message on stderr), 2 bad usage.
public enum MLOpsMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        let command: ParsableCommand
        do {
            command = try MLOps.parseAsRoot(arguments)
        } catch {
            if MLOps.exitCode(for: error) == .success {
                print(MLOps.fullMessage(for: error))
                exit(0)
            }
            Output.error(MLOps.fullMessage(for: error))
            exit(2)
        }
        // Commands without global options (help, groups) log at the default level.
        let global = (command as? HasGlobalOptions)?.global
        LoggingSetup.bootstrap(level: global?.logLevel.level ?? .warning, format: global?.logFormat ?? .automatic)
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            exit(0)
        } catch let exitCode as ExitCode {
            exit(exitCode.rawValue)
        } catch {
            // Help requests and parser errors surface here for some commands; ArgumentParser
            // knows their exit codes. Everything else is a failed operation.
            switch MLOps.exitCode(for: error) {
            case .success:
                print(MLOps.fullMessage(for: error))
                exit(0)
            case .validationFailure:
                Output.error(MLOps.fullMessage(for: error))
                exit(2)
            default:
                Output.error("error: \(error)")
                exit(1)
            }
        }
    }
}

/// The root command: `mlops <group> <command>`.
struct MLOps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlops",
        abstract: "MLOps platform for tabular models: registry, gradient-boosted trees and logistic regression.",
        subcommands: [
            DatabaseCommand.self, RegistryCommand.self, DataCommand.self, TrainCommand.self, PredictCommand.self, EvaluateCommand.self,
            ModelCommand.self, ProfileCommand.self, DriftCommand.self, ServeCommand.self, RolloutCommand.self, SimulateCommand.self,
            PipelinesCommand.self, SchedulerCommand.self, WorkerCommand.self, JobsCommand.self, AuthCommand.self, MaintenanceCommand.self,
            StorageCommand.self, PerformanceCommand.self, NotifyCommand.self,
        ])
}
