import ArtifactArchive
import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import ModelRegistry
import PipelineRuns
import PipelineSpec
import Pipelines
import TabularData

/// A store, a registry, a pipelines directory with data, and a worker that runs pipeline jobs
/// until idle.
struct PipelineFixture {
    let database: SQLDatabase
    let registry: Registry
    let environment: PipelineEnvironment
    let work: String
    let queue: JobQueue

    /// `progress` hears every step log line as it is written; `processEnvironment` goes to the
    /// programs steps start.
    init(
        _ backend: TestBackend, processEnvironment: [String: String] = [:],
        progress: (@Sendable (_ run: String, _ step: String, _ line: String) -> Void)? = nil
    ) throws {
        database = try backend.makeDatabase()
        work = try TemporaryDirectory.make(prefix: "pipelines")
        registry = Registry(database: database, artifacts: try ArtifactStore(root: work + "/artifacts"))
        var environment = PipelineEnvironment(database: database, registry: registry, runsRoot: work + "/runs", progress: progress)
        environment.processEnvironment = processEnvironment
        self.environment = environment
        queue = JobQueue(database: database)
        try FileManager.default.createDirectory(atPath: work + "/pipelines", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/data", withIntermediateDirectories: true)
    }

    /// Synthetic CTR rows in `data/<name>`.
    func writeData(_ name: String, rows: Int, seed: UInt64, drift: Double = 0) throws {
        try SyntheticCTR(features: 6, seed: seed, drift: drift).writeCSV(rows: rows, to: work + "/data/" + name)
    }

    /// Writes `pipelines/<name>.yaml` and loads it.
    func pipeline(_ yaml: String, name: String) throws -> Pipeline {
        let path = work + "/pipelines/\(name).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try PipelineLoader.load(file: path)
    }

    func worker(concurrency: Int = 1) -> JobWorker {
        JobWorker(
            queue: queue, handlers: PipelineJobs.handlers(environment),
            configuration: JobWorkerConfiguration(
                queues: [PipelineJobs.defaultQueue], concurrency: concurrency,
                pollMilliseconds: 20, retryPolicy: RetryPolicy(baseMilliseconds: 10, capMilliseconds: 20),
                untilIdle: true),
            logger: Logger(label: "test.pipelines"))
    }

    /// Enqueues a manual run and runs jobs until idle; returns the run id.
    func runByHand(_ pipeline: Pipeline) async throws -> String {
        let job = try queue.enqueue(try PipelineJobs.startJob(pipeline, trigger: .manual, slot: nil), now: Clock.nowMilliseconds())
        _ = try await worker().runUntilDone()
        return "\(pipeline.name)-\(job.id)"
    }

    var runs: PipelineRunStore { PipelineRunStore(database: database) }
}
