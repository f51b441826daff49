/// A failure to convert a UBJSON document, naming what was wrong and where.
///
/// `offset` is the zero-based byte offset in the input at which the problem
/// was detected: the position of the offending marker or length, or, for
/// truncated input, the position at which more bytes were needed.
public struct UBJSONError: Error, CustomStringConvertible, Equatable {
    /// A human-readable description of the problem, without the offset.
    public let message: String
    /// The zero-based byte offset in the input where the problem was detected.
    public let offset: Int

    /// Creates an error with a message and the byte offset it refers to.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// The message followed by the byte offset, for logs and diagnostics.
    public var description: String {
        "UBJSON: \(message) at byte offset \(offset)"
    }
}
