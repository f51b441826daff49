/// A retraining pipeline read from one `pipelines/*.yaml` file: what model it retrains, when it
/// runs (a schedule, drift, performance, or several; none means it only runs when started by hand) and the
/// steps it runs, in order.
///
/// Codable: JSON round trips give back an equal value (keys are the Swift property names).
public struct Pipeline: Sendable, Equatable, Codable {
    /// The pipeline's name, unique among the pipelines of a directory: `[a-z0-9][a-z0-9._-]*`.
    public var name: String
    /// The registry model the pipeline retrains.
    public var model: String
    /// The schedule text exactly as written (`every 7d`, a 5-field cron line, `@daily`, ...).
    /// The loader only hands it to its `PipelineChecks.schedule` check; interpreting it is the
    /// scheduler's job.
    public var schedule: String?
    /// When drift in the served model's inputs starts a run, if it does.
    public var drift: DriftTrigger?
    /// When the champion's live performance falling below its holdout baseline starts a run, if it does.
    public var performance: PerformanceTrigger?
    /// The steps, in run order; never empty, names unique.
    public var steps: [PipelineStep]
    /// The file the pipeline was read from, as given to the loader.
    public var sourcePath: String

    /// Creates a pipeline value; the loader is the usual way to get one.
    public init(
        name: String, model: String, schedule: String? = nil, drift: DriftTrigger? = nil, performance: PerformanceTrigger? = nil,
        steps: [PipelineStep], sourcePath: String
    ) {
        self.name = name
        self.model = model
        self.schedule = schedule
        self.drift = drift
        self.performance = performance
        self.steps = steps
        self.sourcePath = sourcePath
    }

    /// The step named `name`, if any.
    public func step(named name: String) -> PipelineStep? {
        steps.first { $0.name == name }
    }
}
