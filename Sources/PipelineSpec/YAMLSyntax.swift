import Yams

/// Turns what Yams throws for text that is not YAML into a `PipelineSpecError` at the position
/// libyaml reports.
enum YAMLSyntax {
    static func error(_ error: any Error, path: String, yaml: String) -> PipelineSpecError {
        func at(_ mark: Mark, _ message: String) -> PipelineSpecError {
            PipelineSpecError(path: path, line: mark.line, column: mark.column, message: message)
        }
        func withContext(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return "YAML syntax error: \(problem)" }
            return "YAML syntax error: \(problem) (\(context.text) at line \(context.mark.line), "
                + "column \(context.mark.column))"
        }
        // Errors without a position (and kinds newer Yams versions add) give their first line at 1:1.
        let firstLine = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        let unplaced = PipelineSpecError(path: path, line: 1, column: 1, message: "cannot read the YAML: \(firstLine)")
        guard let yamlError = error as? YamlError else { return unplaced }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return at(mark, withContext(problem, context))
        case .reader(let problem, let offset, _, _):
            let (line, column) = position(ofCharacterOffset: offset ?? 0, in: yaml)
            return PipelineSpecError(path: path, line: line, column: column, message: "YAML syntax error: \(problem)")
        default:
            return unplaced
        }
    }

    /// The 1-based line and column of the character `offset` characters into `text`.
    static func position(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
