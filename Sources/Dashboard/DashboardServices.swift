import AccessControl
import DriftMetrics
import DriftMonitor
import JobQueue
import ModelRegistry
import PipelineRuns
import PipelineSpec
import RolloutControl

/// What the dashboard reads and changes: the same services as the CLI and the JSON API, over
/// one store, plus where a model version's drift profile comes from.
public struct DashboardServices: Sendable {
    public var registry: Registry
    public var rollouts: RolloutController
    /// Live drift reports, judged by each model's own thresholds (as the CLI and the API judge them).
    public var drift: LiveDriftService
    public var runs: PipelineRunStore
    public var jobs: JobQueue
    public var sessions: SessionStore
    /// The drift profile of a model version (the server's in-memory copy, else from its
    /// archive); nil when the version has none.
    public var profile: @Sendable (_ model: String, _ version: Int) -> Profile?
    /// The pipelines a deployer may start by hand (the server's pipelines directory); none by default.
    public var pipelines: @Sendable () throws -> [Pipeline] = { [] }

    /// Services over `registry`'s store.
    public init(registry: Registry, profile: @escaping @Sendable (String, Int) -> Profile?) {
        self.registry = registry
        self.rollouts = RolloutController(registry: registry)
        self.drift = LiveDriftService(registry: registry)
        self.runs = PipelineRunStore(database: registry.database)
        self.jobs = JobQueue(database: registry.database)
        self.sessions = SessionStore(database: registry.database)
        self.profile = profile
    }
}
