import Yams

/// Reads the `steps:` list of a pipeline file: each step's form (a bare kind, or a one-key map
/// from its kind to its options), its common options, and the uniqueness of step names.
enum StepParser {
    /// Options every step accepts, after its kind's own.
    static let commonOptions = ["retries", "timeout", "name"]

    /// Each kind's own options, in the order error messages list them.
    static let kindOptions: [String: [String]] = [
        "extract": ["files", "sql", "database", "label"],
        "validate": ["max_missing", "max_psi", "min_rows", "expect"],
        "train": ["algorithm", "params", "categorical", "exclude", "engine", "scheduler", "data"],
        "evaluate": ["holdout", "min_auc_gain", "max_logloss_increase"],
        "register": ["tags", "description"],
        "canary": ["steps", "hold", "min_samples", "metric", "shadow", "alpha"],
        "command": ["run", "env", "workdir"],
    ]

    /// Reads the list under `steps` (the caller has checked it is present).
    static func parseSteps(_ node: Node, checks: PipelineChecks, diagnostics: Diagnostics) -> [PipelineStep] {
        guard case .sequence(let sequence) = node else {
            diagnostics.report("'steps' must be a list of steps, got \(ScalarValue.describe(node))", at: node.mark)
            return []
        }
        if sequence.isEmpty {
            diagnostics.report("'steps' must not be empty: a pipeline needs at least one step", at: node.mark)
            return []
        }
        var steps: [PipelineStep] = []
        var firstNumberByName: [String: Int] = [:]
        for (index, element) in sequence.enumerated() {
            let number = index + 1
            guard let (step, nameMark) = parseStep(element, number: number, checks: checks, diagnostics: diagnostics) else {
                continue
            }
            if let first = firstNumberByName[step.name] {
                diagnostics.report(
                    "step \(number) (\(step.kind.kindName)): duplicate step name '\(step.name)' (step \(first) has it "
                        + "too); give one of them a different 'name'",
                    at: nameMark)
            } else {
                firstNumberByName[step.name] = number
            }
            steps.append(step)
        }
        return steps
    }

    /// Reads one element of `steps`, returning the step and where its name is written (the
    /// `name` option, or the kind when the name is the kind's); nil when it cannot be read.
    static func parseStep(_ node: Node, number: Int, checks: PipelineChecks, diagnostics: Diagnostics) -> (PipelineStep, Mark?)? {
        let kinds = StepKind.kindNames.joined(separator: ", ")
        let kindNode: Node
        let optionsNode: Node?
        switch node {
        case .scalar where node.resolvedTagName != .null:
            kindNode = node
            optionsNode = nil
        case .mapping(let mapping) where mapping.count == 1:
            kindNode = mapping[mapping.startIndex].key
            optionsNode = mapping[mapping.startIndex].value
        case .mapping(let mapping):
            let keys = mapping.keys.map { ScalarValue.text($0) ?? ScalarValue.describe($0) }
            let optionNames = Set(kindOptions.values.joined()).union(commonOptions)
            let hint =
                keys.contains(where: optionNames.contains)
                ? "; indent a step's options under its kind, e.g. '- train:' then '    algorithm: gbdt'" : ""
            diagnostics.report(
                "step \(number): a step must be a map with exactly one key, its kind (one of: \(kinds)), "
                    + "found \(keys.count) keys: \(keys.joined(separator: ", "))\(hint)",
                at: node.mark)
            return nil
        default:
            diagnostics.report(
                "step \(number) must be a step kind (one of: \(kinds)) or a one-key map from a kind to its "
                    + "options, got \(ScalarValue.describe(node))",
                at: node.mark)
            return nil
        }
        guard let kind = ScalarValue.text(kindNode), let ownOptions = kindOptions[kind] else {
            diagnostics.report(
                "step \(number): unknown step kind \(ScalarValue.describe(kindNode)) (expected one of: \(kinds))",
                at: kindNode.mark)
            return nil
        }
        let options = OptionMap(
            optionsNode, what: "options", fallbackMark: kindNode.mark,
            context: "step \(number) (\(kind))", allowed: ownOptions + commonOptions,
            diagnostics: diagnostics)
        if let optionsNode, optionsNode.mapping == nil, optionsNode.resolvedTagName != .null {
            return nil  // reported by OptionMap; its "missing option" errors would only repeat it
        }
        let name = options.string("name").flatMap { name -> String? in
            guard PipelineParser.isValidName(name) else {
                options.reportValue("name", "must match \(PipelineParser.nameRule), got '\(name)'")
                return nil
            }
            return name
        }
        let retries = options.int("retries", atLeast: 0)
        let timeout = options.duration("timeout")
        let stepKind = StepOptionsParser.parse(kind: kind, options, checks: checks)
        // A step whose name is unreadable is dropped, so it cannot clash with another by accident.
        guard let stepKind, name != nil || !options.contains("name") else { return nil }
        let step = PipelineStep(kind: stepKind, name: name, retries: retries, timeoutSeconds: timeout)
        return (step, options.contains("name") ? options.valueMark("name") : kindNode.mark)
    }
}
