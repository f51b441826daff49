/// What the sequential test says about the challenger on the primary metric so far.
public enum MetricVerdict: String, Codable, Sendable {
    /// Not enough labelled data per arm for the test to look yet.
    case insufficientData = "insufficient_data"
    /// The running confidence interval still contains 0.
    case inconclusive
    /// The running interval lies entirely on the worse side of 0: roll back.
    case worse
    /// The running interval lies entirely on the better side of 0.
    case better

    /// The verdict of a running interval for challenger − champion on `metric`; nil → no data.
    public init(runningInterval: ConfidenceInterval?, metric: PrimaryMetric) {
        guard let interval = runningInterval else {
            self = .insufficientData
            return
        }
        if interval.lower > 0 {
            self = metric.higherIsWorse ? .worse : .better
        } else if interval.upper < 0 {
            self = metric.higherIsWorse ? .better : .worse
        } else {
            self = .inconclusive
        }
    }
}
