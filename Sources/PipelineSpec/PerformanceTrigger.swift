/// The `performance:` section of a pipeline: the pipeline fires when the always-valid alarm
/// says the champion's live `metric` got worse than its holdout baseline by at least `degrade`
/// (in the metric's own units: nats of log loss per impression) — at most once a day, and not
/// within `cooldownSeconds` of the last performance-triggered run. The alarm is checked every
/// `checkSeconds` over the windows since the version became champion.
public struct PerformanceTrigger: Sendable, Equatable, Codable {
    /// The metrics the alarm can watch: per-impression losses it can test sequentially. AUC is
    /// not a mean over impressions, so it has no such test (the report still shows it).
    public static let metrics = ["log_loss"]
    /// Default `degrade`: 0.02 nats per impression.
    public static let defaultDegrade = 0.02
    /// Default `cooldown`: three days.
    public static let defaultCooldownSeconds: Int64 = 259_200
    /// Default `check`: one hour.
    public static let defaultCheckSeconds: Int64 = 3_600

    public var metric: String
    public var degrade: Double
    public var cooldownSeconds: Int64
    public var checkSeconds: Int64

    public init(
        metric: String = "log_loss", degrade: Double = PerformanceTrigger.defaultDegrade,
        cooldownSeconds: Int64 = PerformanceTrigger.defaultCooldownSeconds, checkSeconds: Int64 = PerformanceTrigger.defaultCheckSeconds
    ) {
        self.metric = metric
        self.degrade = degrade
        self.cooldownSeconds = cooldownSeconds
        self.checkSeconds = checkSeconds
    }
}
