/// What tracking accepts, with MLflow's limits: keys of 1–250 characters from letters, digits,
/// `_ - . : /` and spaces (no `..` path segments), parameter values up to 6,000 characters, tag
/// values up to 8,000, and at most 1,000 metrics, 100 params and 100 tags in one batch.
public enum TrackingRules {
    /// The tag MLflow keeps a run's name in.
    public static let runNameTag = "mlflow.runName"
    public static let maxKeyLength = 250
    public static let maxParamValueLength = 6_000
    public static let maxTagValueLength = 8_000
    public static let maxBatchMetrics = 1_000
    public static let maxBatchParams = 100
    public static let maxBatchTags = 100

    public static func validateExperimentName(_ name: String) throws(TrackingError) {
        guard name.contains(where: { !$0.isWhitespace }), name.count <= 500 else {
            throw .invalid("an experiment name must be 1–500 characters and not blank")
        }
    }

    public static func validateKey(_ key: String, kind: String) throws(TrackingError) {
        guard !key.isEmpty, key.count <= maxKeyLength else {
            throw .invalid("\(kind) key '\(key.prefix(60))' must be 1–\(maxKeyLength) characters")
        }
        let allowed = key.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.:/ ".unicodeScalars.contains(scalar)
        }
        guard allowed else {
            throw .invalid("\(kind) key '\(key)' may only contain letters, digits, '_', '-', '.', ':', '/' and spaces")
        }
        guard !key.hasPrefix("/"), !key.split(separator: "/").contains("..") else {
            throw .invalid("\(kind) key '\(key)' may not start with '/' or contain a '..' segment")
        }
    }

    public static func validateTag(key: String, value: String) throws(TrackingError) {
        try validateKey(key, kind: "tag")
        guard value.count <= maxTagValueLength else {
            throw .invalid("tag '\(key)' has \(value.count) characters; at most \(maxTagValueLength)")
        }
    }

    public static func validateParam(key: String, value: String) throws(TrackingError) {
        try validateKey(key, kind: "param")
        guard value.count <= maxParamValueLength else {
            throw .invalid("param '\(key)' has \(value.count) characters; at most \(maxParamValueLength)")
        }
    }

    public static func validateBatch(metrics: [MetricPoint], params: [String: String], tags: [String: String]) throws(TrackingError) {
        guard metrics.count <= maxBatchMetrics, params.count <= maxBatchParams, tags.count <= maxBatchTags else {
            throw .invalid(
                "a batch holds at most \(maxBatchMetrics) metrics, \(maxBatchParams) params and \(maxBatchTags) tags "
                    + "(got \(metrics.count), \(params.count), \(tags.count))")
        }
        for point in metrics { try validateKey(point.key, kind: "metric") }
        for (key, value) in params { try validateParam(key: key, value: value) }
        for (key, value) in tags { try validateTag(key: key, value: value) }
    }
}
