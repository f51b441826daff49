/// A failed operation the user should read about (exit code 1, no usage text): the message
/// says what was wrong and what to do.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        description = message
    }
}
