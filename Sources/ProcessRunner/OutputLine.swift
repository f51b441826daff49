/// One line a child process wrote, without its line terminator, tagged with its stream.
public struct OutputLine: Sendable, Equatable {
    /// The pipe a line came from.
    public enum Stream: String, Sendable {
        /// The child's standard output.
        case stdout
        /// The child's standard error.
        case stderr
    }

    /// The stream the line was written to.
    public let stream: Stream
    /// The line, decoded as UTF-8 (invalid bytes become U+FFFD), a trailing `\r` removed, and
    /// cut at 64 KiB with a trailing `…` when longer.
    public let text: String

    /// Creates a line.
    public init(_ stream: Stream, _ text: String) {
        self.stream = stream
        self.text = text
    }
}
