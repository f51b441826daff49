/// An experiment: a named group of runs and logged models. Ids are numbers (MLflow sends them as
/// strings); experiment 0, "Default", always exists.
public struct Experiment: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let artifactLocation: String
    public let lifecycleStage: LifecycleStage
    public let createdAt: Int64
    public let updatedAt: Int64
    public let tags: [String: String]
}

/// Whether an experiment or run is live or in the trash (MLflow's soft delete).
public enum LifecycleStage: String, Sendable, Equatable, CaseIterable {
    case active
    case deleted
}

/// A run's state, MLflow's names.
public enum RunStatus: String, Sendable, Equatable, CaseIterable {
    case running = "RUNNING"
    case scheduled = "SCHEDULED"
    case finished = "FINISHED"
    case failed = "FAILED"
    case killed = "KILLED"
}

/// One logged metric point. `value` may be NaN or infinite, as in MLflow.
public struct MetricPoint: Sendable, Equatable {
    public let key: String
    public let value: Double
    public let timestamp: Int64
    public let step: Int64

    public init(key: String, value: Double, timestamp: Int64, step: Int64) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.step = step
    }

    public static func == (a: MetricPoint, b: MetricPoint) -> Bool {
        a.key == b.key && a.timestamp == b.timestamp && a.step == b.step && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
    }
}

/// A run: its info, parameters (write-once), tags and the latest value of each metric.
public struct Run: Sendable, Equatable {
    public let id: String
    public let experimentID: Int64
    public let name: String
    public let userID: String
    public let status: RunStatus
    public let startTime: Int64
    public let endTime: Int64?
    public let lifecycleStage: LifecycleStage
    public let artifactURI: String
    public let params: [String: String]
    public let tags: [String: String]
    /// The latest point of each metric (highest step, then latest timestamp), by key.
    public let metrics: [MetricPoint]
}

/// A logged model's upload state (MLflow 3).
public enum LoggedModelStatus: String, Sendable, Equatable, CaseIterable {
    case pending = "PENDING"
    case ready = "READY"
    case failed = "FAILED"
}

/// An MLflow 3 logged model: files logged under an experiment (usually from a run), which a
/// registered model version can be created from.
public struct LoggedModel: Sendable, Equatable {
    public let id: String
    public let experimentID: Int64
    public let name: String
    public let sourceRunID: String?
    public let status: LoggedModelStatus
    public let modelType: String?
    public let artifactLocation: String
    public let createdAt: Int64
    public let updatedAt: Int64
    public let params: [String: String]
    public let tags: [String: String]
}
