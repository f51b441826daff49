/// One problem found in a pipeline file, at a 1-based line and column of that file.
///
/// `description` reads `path:line:column: message`, the form compilers use, so editors can jump to
/// it. A problem with the file as a whole (it cannot be read, or a directory is missing) has line
/// and column 0, and its description is `path: message`.
public struct PipelineSpecError: Error, CustomStringConvertible, Sendable, Equatable, Hashable {
    /// The file the problem is in, as it was given to the loader.
    public var path: String
    /// 1-based line, or 0 for a problem with the file as a whole.
    public var line: Int
    /// 1-based column (counted in Unicode scalars), or 0 with `line` 0.
    public var column: Int
    /// What is wrong, naming the step and the field.
    public var message: String

    /// Creates an error at `line`:`column` of `path`.
    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: message`, or `path: message` when there is no position.
    public var description: String {
        line > 0 ? "\(path):\(line):\(column): \(message)" : "\(path): \(message)"
    }
}

/// Every problem found in one file (or, from `PipelineLoader.loadDirectory`, in every file of a
/// directory), in file order then position order. Loaders throw this, never a bare
/// `PipelineSpecError`, so callers catch one type.
public struct PipelineSpecErrors: Error, CustomStringConvertible, Sendable, Equatable {
    /// The problems, never empty when thrown.
    public var errors: [PipelineSpecError]

    /// Wraps `errors`.
    public init(_ errors: [PipelineSpecError]) {
        self.errors = errors
    }

    /// One problem per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
