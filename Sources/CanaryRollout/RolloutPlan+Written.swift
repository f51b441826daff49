import MLOpsTime

/// The one reading of a rollout plan as people write it, for every surface: the CLI's options,
/// the HTTP start body (decoded by `RolloutPlan.init(from:)`, which uses these) and a pipeline's
/// `canary` step. One vocabulary (the field names of JSON and YAML: `steps`, `hold`,
/// `min_samples`, `metric`, `shadow`, `alpha`), one set of defaults (`RolloutPlan()`'s), one
/// set of rules (`validate()`), and one wording of each error, after each surface's own prefix.
extension RolloutPlan {
    /// The metric names people write: `log_loss` (alias `logloss`) and `ctr`, in any case.
    public static let metricNames: [String: PrimaryMetric] = ["log_loss": .logLoss, "logloss": .logLoss, "ctr": .ctr]

    /// The metric a name stands for.
    public static func metric(named text: String) throws(RolloutError) -> PrimaryMetric {
        guard let metric = metricNames[text.lowercased()] else {
            throw .invalidPlan(field: "metric", reason: "'\(text)' is not a metric: use log_loss (or logloss) or ctr")
        }
        return metric
    }

    /// A hold written as a positive duration (`30s`, `30m`, `2h`, `1d`); `0` is refused.
    public static func holdSeconds(_ text: String) throws(RolloutError) -> Double {
        guard let seconds = DurationText.parsePositive(text) else {
            throw .invalidPlan(field: "hold", reason: "'\(text)' is not a positive duration such as 30s, 30m, 2h or 1d")
        }
        return Double(seconds)
    }

    /// Steps written as one comma list, `5,20,100` (the CLI's form).
    public static func steps(list text: String) throws(RolloutError) -> [Double] {
        var steps: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.trimmingSpaces
            guard let value = Double(trimmed), value.isFinite else {
                throw .invalidPlan(field: "steps", reason: "'\(trimmed)' is not a number")
            }
            steps.append(value)
        }
        return steps
    }

    /// A plan from the fields as written: each one given replaces its default; the result is
    /// validated, so a plan that comes back is one a rollout can start with.
    public static func written(
        steps: [Double]? = nil, hold: String? = nil, minSamples: Int? = nil, metric: String? = nil, shadow: Bool? = nil,
        alpha: Double? = nil
    ) throws(RolloutError) -> RolloutPlan {
        let read = reading(steps: steps, hold: hold, minSamples: minSamples, metric: metric, shadow: shadow, alpha: alpha)
        if let first = read.problems.first { throw first }
        return read.plan
    }

    /// `written`'s reading with every problem instead of the first (a pipeline file reports
    /// them all): the plan (a field that cannot be read keeps its default) and what is wrong.
    public static func reading(
        steps: [Double]? = nil, hold: String? = nil, minSamples: Int? = nil, metric: String? = nil, shadow: Bool? = nil,
        alpha: Double? = nil
    ) -> (plan: RolloutPlan, problems: [RolloutError]) {
        var plan = RolloutPlan()
        var unreadable: [RolloutError] = []
        if let steps { plan.steps = steps }
        if let hold {
            do { plan.holdSeconds = try holdSeconds(hold) } catch { unreadable.append(error) }
        }
        if let minSamples { plan.minSamples = minSamples }
        if let metric {
            do { plan.metric = try Self.metric(named: metric) } catch { unreadable.append(error) }
        }
        if let shadow { plan.shadow = shadow }
        if let alpha { plan.alpha = alpha }
        return (plan, unreadable + plan.problems())
    }

    /// A step's percentage without a needless fraction: `50`, `2.5`.
    public static func percent(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
