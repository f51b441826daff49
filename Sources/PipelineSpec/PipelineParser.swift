import Yams

/// Reads a composed YAML document into a `Pipeline`, reporting every problem to `Diagnostics`.
enum PipelineParser {
    /// The top-level keys, in the order error messages list them.
    static let topLevelKeys = ["name", "model", "schedule", "drift", "performance", "steps"]
    /// The options of `drift:`.
    static let driftOptions = ["threshold", "cooldown", "check", "window"]
    /// The options of `performance:`.
    static let performanceOptions = ["metric", "degrade", "cooldown", "check"]
    /// How names (of pipelines and of steps) are written, for error messages.
    static let nameRule = "[a-z0-9][a-z0-9._-]* (lowercase letters, digits, '.', '_', '-')"

    /// `[a-z0-9][a-z0-9._-]*`.
    static func isValidName(_ text: String) -> Bool {
        func isLowerOrDigit(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
        guard let first = text.first, isLowerOrDigit(first) else { return false }
        return text.allSatisfy { isLowerOrDigit($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// The pipeline in `root` and where its name is written, or nil when the file has errors
    /// (all of them in `diagnostics`).
    static func parse(
        _ root: Node?, path: String, checks: PipelineChecks,
        diagnostics: Diagnostics
    ) -> (Pipeline, Mark?)? {
        guard let root, root.resolvedTagName != .null else {
            diagnostics.report("the file is empty; a pipeline needs at least 'name', 'model' and 'steps'", at: nil)
            return nil
        }
        guard root.mapping != nil else {
            diagnostics.report(
                "a pipeline file must be a map with the keys \(topLevelKeys.joined(separator: ", ")), "
                    + "got \(ScalarValue.describe(root))", at: root.mark)
            return nil
        }
        let map = OptionMap(
            root, what: "a pipeline file", fallbackMark: nil, context: "", allowed: topLevelKeys,
            noun: "top-level key", diagnostics: diagnostics)
        let name = requiredName(map)
        let model = map.contains("model") ? map.nonEmptyString("model") : nil
        if !map.contains("model") { map.report("missing required key 'model'", at: map.mark) }
        let schedule = map.string("schedule").flatMap { text -> String? in
            if let problem = checks.schedule(text) {
                map.report("invalid schedule '\(text)': \(problem)", at: map.valueMark("schedule"))
                return nil
            }
            return text
        }
        let drift = map.contains("drift") ? parseDrift(map.value("drift"), map: map) : nil
        let performance = map.contains("performance") ? parsePerformance(map.value("performance"), map: map) : nil
        var steps: [PipelineStep] = []
        if let stepsNode = map.value("steps") {
            steps = StepParser.parseSteps(stepsNode, checks: checks, diagnostics: diagnostics)
        } else {
            map.report("missing required key 'steps'", at: map.mark)
        }
        guard diagnostics.errors.isEmpty, let name, let model else { return nil }
        let pipeline = Pipeline(
            name: name, model: model, schedule: schedule, drift: drift, performance: performance, steps: steps,
            sourcePath: path)
        return (pipeline, map.valueMark("name"))
    }

    static func requiredName(_ map: OptionMap) -> String? {
        guard map.contains("name") else {
            map.report("missing required key 'name'", at: map.mark)
            return nil
        }
        guard let name = map.string("name") else { return nil }
        guard isValidName(name) else {
            map.reportValue("name", "must match \(nameRule), got '\(name)'")
            return nil
        }
        return name
    }

    /// `drift:` — a map (null: every default).
    static func parseDrift(_ node: Node?, map: OptionMap) -> DriftTrigger? {
        if let node, node.mapping == nil, node.resolvedTagName != .null {
            map.reportValue(
                "drift",
                "must be a map of options (\(driftOptions.joined(separator: ", "))), "
                    + "got \(ScalarValue.describe(node))")
            return nil
        }
        let options = OptionMap(
            node, what: "'drift'", fallbackMark: map.keyMark("drift"), context: "drift",
            allowed: driftOptions, diagnostics: map.diagnostics)
        var trigger = DriftTrigger()
        if let threshold = options.read("threshold", "significant, moderate or a PSI above 0", driftThreshold) {
            trigger.threshold = threshold
        }
        trigger.cooldownSeconds = options.duration("cooldown") ?? trigger.cooldownSeconds
        trigger.checkSeconds = options.duration("check") ?? trigger.checkSeconds
        trigger.windowSeconds = options.duration("window") ?? trigger.windowSeconds
        return trigger
    }

    /// `performance:` — a map (null: every default).
    static func parsePerformance(_ node: Node?, map: OptionMap) -> PerformanceTrigger? {
        if let node, node.mapping == nil, node.resolvedTagName != .null {
            map.reportValue(
                "performance", "must be a map of options (\(performanceOptions.joined(separator: ", "))), got \(ScalarValue.describe(node))")
            return nil
        }
        let options = OptionMap(
            node, what: "'performance'", fallbackMark: map.keyMark("performance"), context: "performance",
            allowed: performanceOptions, diagnostics: map.diagnostics)
        var trigger = PerformanceTrigger()
        let metrics =
            PerformanceTrigger.metrics.joined(separator: ", ") + " (AUC is not a mean over impressions, so it has no always-valid test)"
        if let metric = options.read(
            "metric", metrics, { node in ScalarValue.text(node).flatMap { PerformanceTrigger.metrics.contains($0) ? $0 : nil } })
        {
            trigger.metric = metric
        }
        if let degrade = options.read(
            "degrade", "a positive number in the metric's units (nats of log loss per impression)",
            { node in ScalarValue.number(node).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } })
        {
            trigger.degrade = degrade
        }
        trigger.cooldownSeconds = options.duration("cooldown") ?? trigger.cooldownSeconds
        trigger.checkSeconds = options.duration("check") ?? trigger.checkSeconds
        return trigger
    }

    static func driftThreshold(_ node: Node) -> DriftThreshold? {
        if let psi = ScalarValue.number(node) { return psi > 0 ? .psi(psi) : nil }
        switch ScalarValue.text(node) {
        case "significant": return .significant
        case "moderate": return .moderate
        default: return nil
        }
    }
}
