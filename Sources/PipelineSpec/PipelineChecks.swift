import TrainingSpec

/// The checks a pipeline file needs that this module cannot make itself (they belong to modules
/// it must not depend on: cron arithmetic, the trainers). The caller hands them in; each returns
/// a problem in words, or nil when the value is fine, and the loader reports it at the value.
/// `Pipelines.PipelineFiles.checks` is the platform's full set.
public struct PipelineChecks: Sendable {
    /// The `schedule` text.
    public var schedule: @Sendable (String) -> String?
    /// A `train` step's algorithm and `params`.
    public var training: @Sendable (TrainingAlgorithm, [String: String]) -> String?

    public init(
        schedule: @escaping @Sendable (String) -> String? = { _ in nil },
        training: @escaping @Sendable (TrainingAlgorithm, [String: String]) -> String? = { _, _ in nil }
    ) {
        self.schedule = schedule
        self.training = training
    }

    /// No checks beyond the file format's own.
    public static let formatOnly = PipelineChecks()
}
