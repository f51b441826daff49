import DriftMetrics

/// Drift thresholds for a model: given values, else its `drift.moderate` / `drift.significant`
/// tags, else 0.1 / 0.25. Shared by `mlops drift report` and the scheduler's drift trigger.
public enum DriftThresholdTags {
    /// A tag that is not a positive number, or moderate above significant.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func thresholds(model: String, tags: [String: String], moderate: Double? = nil,
                                  significant: Double? = nil) throws(Invalid) -> DriftThresholds {
        func pick(_ given: Double?, _ tag: String, _ fallback: Double) throws(Invalid) -> Double {
            if let given { return given }
            guard let text = tags[tag] else { return fallback }
            guard let value = Double(text), value > 0, value.isFinite else {
                throw Invalid(description: "model \(model) has tag \(tag)=\(text), which is not a positive number")
            }
            return value
        }
        let result = DriftThresholds(moderate: try pick(moderate, "drift.moderate", 0.1),
                                     significant: try pick(significant, "drift.significant", 0.25))
        guard result.moderate <= result.significant else {
            throw Invalid(description: "the moderate threshold \(result.moderate) is above the significant one \(result.significant)")
        }
        return result
    }
}
