import Foundation
import Logging
import MLOpsStore
import PipelineRuns
import PipelineSpec
import Pipelines

/// What the pipeline, worker, scheduler and jobs commands share: the store, the registry, the
/// pipelines directory and where runs keep their files.
struct PipelineContext {
    let command: CommandContext
    let environment: PipelineEnvironment

    /// `showProgress`: print each step's log lines as they come (on a terminal, or when asked).
    init(_ global: GlobalOptions, runsDirectory: String? = nil, showProgress: Bool = false) throws {
        command = try CommandContext(global)
        let root = runsDirectory ?? command.configuration.runsRoot
        let printer: (@Sendable (String, String, String) -> Void)? = showProgress ? Self.printLine : nil
        environment = PipelineEnvironment(
            database: command.database, registry: command.registry, runsRoot: root,
            logger: Logger(label: "mlops.pipelines"), progress: printer)
    }

    @Sendable static func printLine(run: String, step: String, line: String) {
        Output.line("    [\(run) \(step)] \(line)")
    }

    /// True when standard output is a terminal.
    static var interactive: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The pipelines directory: `MLOPS_PIPELINES_DIR`, else `pipelines/` under the working directory.
    static var directory: String {
        PipelineLoader.directory(
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath)
    }

    /// Every pipeline in the directory (none when it does not exist), with every check.
    static func loadAll() throws -> [Pipeline] { try PipelineFiles.load(directory: directory) }

    static func load(named name: String) throws -> Pipeline {
        let all = try loadAll()
        guard let pipeline = all.first(where: { $0.name == name }) else {
            throw PipelineError.pipelineNotFound(name, known: all.map(\.name))
        }
        return pipeline
    }
}
