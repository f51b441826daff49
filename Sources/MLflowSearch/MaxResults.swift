/// Validation of the `max_results` request parameter.
public enum MaxResults: Sendable {
    /// `requested`, or `defaultValue` when absent. Refuses values below 1
    /// or above `limit`, naming the limit.
    public static func validate(_ requested: Int?, default defaultValue: Int, limit: Int) throws(SearchError) -> Int {
        guard let requested else { return min(defaultValue, limit) }
        guard requested >= 1 else {
            throw SearchError(
                "Invalid value \(requested) for parameter 'max_results' supplied. It must be a positive integer no greater than \(limit)")
        }
        guard requested <= limit else {
            throw SearchError("Invalid value \(requested) for parameter 'max_results' supplied. It must be at most \(limit)")
        }
        return requested
    }
}
