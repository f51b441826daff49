/// A refused filter, `order_by`, page token or `max_results`.
///
/// The server maps every `SearchError` to MLflow's `INVALID_PARAMETER_VALUE`
/// and returns `message` to the client.
public struct SearchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Human-readable explanation naming the offending token and where it is.
    public var message: String
    /// 1-based column (in characters) of the offending token, when known.
    public var column: Int?

    /// Creates an error. When `column` is given the message is suffixed with it.
    public init(_ message: String, column: Int? = nil) {
        self.column = column
        if let column {
            self.message = "\(message) (at column \(column))"
        } else {
            self.message = message
        }
    }

    /// Same as `message`.
    public var description: String { message }
}
