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
        let global = (command as? HasGlobalOptions)?.global ?? GlobalOptions()
        LoggingSetup.bootstrap(level: global.logLevel.level, format: global.logFormat ?? .automatic)
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
        } catch is CleanExit {
            exit(0)
        } catch let validation as ValidationError {
            Output.error("error: \(validation.message)\n" + type(of: command).helpMessage(columns: 100))
            exit(2)
        } catch {
            Output.error("error: \(error)")
            exit(1)
        }
    }
}

/// The root command: `mlops <group> <command>`.
struct MLOps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlops",
        abstract: "A model registry, trainer, drift monitor, canary router and scheduler for tabular models.",
        subcommands: [DatabaseCommand.self, RegistryCommand.self])
}
