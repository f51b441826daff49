/// One table of rollout plans as people write them, for a test per surface (the CLI's options,
/// the HTTP start body, a pipeline's `canary` step): each case is accepted with the same plan,
/// defaults included, or refused with the same words after the surface's own prefix.
public struct RolloutPlanCase: Sendable, CustomStringConvertible {
    /// What a surface must answer.
    public enum Expected: Sendable {
        case plan(steps: [Double], holdSeconds: Double, minSamples: Int, metric: String, alpha: Double)
        case refused(String)
    }

    public let name: String
    public var steps: [String]? = nil
    public var hold: String? = nil
    public var minSamples: Int? = nil
    public var metric: String? = nil
    public var alpha: String? = nil
    public let expected: Expected

    public var description: String { name }

    /// `mlops rollout start` options.
    public var cliArguments: [String] {
        var arguments: [String] = []
        if let steps { arguments += ["--steps", steps.joined(separator: ",")] }
        if let hold { arguments += ["--hold", hold] }
        if let minSamples { arguments += ["--min-samples", String(minSamples)] }
        if let metric { arguments += ["--metric", metric] }
        if let alpha { arguments += ["--alpha", alpha] }
        return arguments
    }

    /// The HTTP start body's plan fields, as JSON members (no braces).
    public var jsonMembers: [String] {
        var members: [String] = []
        if let steps { members.append("\"steps\": [\(steps.joined(separator: ", "))]") }
        if let hold { members.append("\"hold\": \"\(hold)\"") }
        if let minSamples { members.append("\"min_samples\": \(minSamples)") }
        if let metric { members.append("\"metric\": \"\(metric)\"") }
        if let alpha { members.append("\"alpha\": \(alpha)") }
        return members
    }

    /// A pipeline's `canary` step options, as a YAML flow map (`{}` when none).
    public var yamlOptions: String {
        var options: [String] = []
        if let steps { options.append("steps: [\(steps.joined(separator: ", "))]") }
        if let hold { options.append("hold: \(hold)") }
        if let minSamples { options.append("min_samples: \(minSamples)") }
        if let metric { options.append("metric: \(metric)") }
        if let alpha { options.append("alpha: \(alpha)") }
        return "{ " + options.joined(separator: ", ") + " }"
    }

    public static let all: [RolloutPlanCase] = [
        RolloutPlanCase(
            name: "defaults", expected: .plan(steps: [5, 20, 100], holdSeconds: 1800, minSamples: 5000, metric: "log_loss", alpha: 0.05)),
        RolloutPlanCase(
            name: "every field", steps: ["1", "10", "100"], hold: "2h", minSamples: 300, metric: "ctr", alpha: "0.1",
            expected: .plan(steps: [1, 10, 100], holdSeconds: 7200, minSamples: 300, metric: "ctr", alpha: 0.1)),
        RolloutPlanCase(
            name: "aliases", steps: ["10", "100"], hold: "1d", metric: "logloss",
            expected: .plan(steps: [10, 100], holdSeconds: 86_400, minSamples: 5000, metric: "log_loss", alpha: 0.05)),
        RolloutPlanCase(
            name: "fractional step, seconds", steps: ["2.5", "50", "100"], hold: "30s", metric: "LOG_LOSS",
            expected: .plan(steps: [2.5, 50, 100], holdSeconds: 30, minSamples: 5000, metric: "log_loss", alpha: 0.05)),
        RolloutPlanCase(
            name: "steps not increasing", steps: ["20", "5", "100"],
            expected: .refused("rollout plan: field 'steps[1]': 5 does not exceed the previous step 20")),
        RolloutPlanCase(name: "a step above 100", steps: ["5", "120"], expected: .refused("rollout plan: field 'steps[1]': 120 is not in (0, 100]")),
        RolloutPlanCase(
            name: "steps not ending at 100", steps: ["5", "50"],
            expected: .refused("rollout plan: field 'steps': must end at 100 (the challenger takes all traffic), ends at 50")),
        RolloutPlanCase(
            name: "a zero hold", hold: "0",
            expected: .refused("rollout plan: field 'hold': '0' is not a positive duration such as 30s, 30m, 2h or 1d")),
        RolloutPlanCase(
            name: "a hold in an unknown unit", hold: "10x",
            expected: .refused("rollout plan: field 'hold': '10x' is not a positive duration such as 30s, 30m, 2h or 1d")),
        RolloutPlanCase(
            name: "an unknown metric", metric: "auc",
            expected: .refused("rollout plan: field 'metric': 'auc' is not a metric: use log_loss (or logloss) or ctr")),
        RolloutPlanCase(name: "no samples", minSamples: 0, expected: .refused("rollout plan: field 'min_samples': 0 is below 1")),
        RolloutPlanCase(name: "alpha out of range", alpha: "1.5", expected: .refused("rollout plan: field 'alpha': 1.5 is not in (0, 1)")),
    ]
}
