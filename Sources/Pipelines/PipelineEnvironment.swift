import Foundation
import Logging
import MLOpsStore
import ModelRegistry
import PipelineRuns
import RolloutControl

/// What pipeline jobs work with: the store, the registry, where runs keep their files, and the
/// queue their jobs go to.
public struct PipelineEnvironment: Sendable {
    public let database: SQLDatabase
    public let registry: Registry
    /// Each run gets `<runsRoot>/<run id>/` for its data, splits and model directories.
    public let runsRoot: String
    /// The job queue pipeline jobs go to.
    public let queue: String
    public let logger: Logger
    /// Hears every step log line as it is written, with its run and step (`worker run` and
    /// `pipelines run --wait` print them on a terminal: training rounds, a command's output).
    public let progress: (@Sendable (_ run: String, _ step: String, _ line: String) -> Void)?
    /// Variables added to this process's environment for the programs steps start (`command`,
    /// Dask training) and for the Dask settings (`MLOPS_DASK_*`): empty in `mlops worker run`.
    public var processEnvironment: [String: String] = [:]

    public init(
        database: SQLDatabase, registry: Registry, runsRoot: String, queue: String = PipelineJobs.defaultQueue,
        logger: Logger = Logger(label: "mlops.pipelines"),
        progress: (@Sendable (_ run: String, _ step: String, _ line: String) -> Void)? = nil
    ) {
        self.database = database
        self.registry = registry
        self.runsRoot = runsRoot
        self.queue = queue
        self.logger = logger
        self.progress = progress
    }

    var runs: PipelineRunStore { PipelineRunStore(database: database) }
    var rollouts: RolloutController { RolloutController(registry: registry, logger: logger) }

    func runDirectory(_ run: String) throws -> String {
        let path = runsRoot + "/" + run
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
