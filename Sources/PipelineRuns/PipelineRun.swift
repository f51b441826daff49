import PipelineSpec

/// Why a run started.
public enum RunTrigger: String, Sendable, Codable, CaseIterable {
    case schedule, drift, performance, manual
}

/// A run's state: `running` until its last step succeeds, or until a step fails for the last
/// time (`failed`) or is cancelled.
public enum RunState: String, Sendable, Codable, CaseIterable {
    case running, succeeded, failed, cancelled
}

/// A step's state within a run.
public enum StepState: String, Sendable, Codable, CaseIterable {
    case pending, running, succeeded, failed, cancelled
}

/// One run of a pipeline, with the pipeline as it was when the run started.
public struct PipelineRun: Sendable, Equatable {
    public let id: String
    public let pipeline: String
    public let model: String
    public let trigger: RunTrigger
    /// The cron slot or drift check this run is for (Unix ms), nil for manual runs.
    public let slot: Int64?
    public var state: RunState
    public let spec: Pipeline
    public var currentStep: Int
    public var error: String?
    public let createdAt: Int64
    public var updatedAt: Int64
    public var finishedAt: Int64?

    package init(
        id: String, pipeline: String, model: String, trigger: RunTrigger, slot: Int64?, state: RunState, spec: Pipeline, currentStep: Int,
        error: String? = nil, createdAt: Int64, updatedAt: Int64, finishedAt: Int64? = nil
    ) {
        self.id = id
        self.pipeline = pipeline
        self.model = model
        self.trigger = trigger
        self.slot = slot
        self.state = state
        self.spec = spec
        self.currentStep = currentStep
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}

/// One step of a run, as recorded.
public struct RunStep: Sendable, Equatable {
    public let runID: String
    public let index: Int
    public let name: String
    public let kind: String
    public var state: StepState
    public var jobID: Int64?
    public var attempts: Int
    /// What the step produced (paths, version, metrics), read by later steps.
    public var outputs: [String: String]
    public var error: String?
    public var startedAt: Int64?
    public var finishedAt: Int64?

    /// Seconds from the start of the step's last attempt to its end, when both are known.
    public var seconds: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return Double(finishedAt - startedAt) / 1000
    }
}

/// A log line of a step's attempt.
public struct RunLogLine: Sendable, Equatable {
    public let stepIndex: Int
    public let attempt: Int
    public let at: Int64
    public let line: String
}

/// Errors of pipeline runs, naming the run, step or pipeline at fault.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    case runNotFound(String)
    case pipelineNotFound(String, known: [String])
    case alreadyRunning(pipeline: String, run: String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .runNotFound(let id): "pipeline run '\(id)' does not exist"
        case .pipelineNotFound(let name, let known):
            "no pipeline named '\(name)'" + (known.isEmpty ? " (no pipelines found)" : " (known: \(known.joined(separator: ", ")))")
        case .alreadyRunning(let pipeline, let run):
            "pipeline \(pipeline) is already running: run \(run) has not ended (mlops pipelines show \(run)); start another when it has"
        case .corrupt(let message): "the pipeline tables hold something unexpected: \(message)"
        }
    }
}
