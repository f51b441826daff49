import CanaryRollout
import TrainingSpec
import Yams

/// Reads the options of each step kind from its (already key-checked) option map, applying the
/// file format's defaults. Every problem is reported; a kind whose required options are missing
/// or contradictory gives nil, any other bad value falls back to its default (the file fails
/// anyway, since an error was reported).
enum StepOptionsParser {
    static func parse(kind: String, _ options: OptionMap, checks: PipelineChecks = .formatOnly) -> StepKind? {
        switch kind {
        case "extract": extract(options).map(StepKind.extract)
        case "validate": .validate(validate(options))
        case "train": train(options, checks: checks).map(StepKind.train)
        case "evaluate": .evaluate(evaluate(options))
        case "register": .register(register(options))
        case "canary": .canary(canary(options))
        case "command": command(options).map(StepKind.command)
        default: nil
        }
    }

    static func extract(_ options: OptionMap) -> ExtractOptions? {
        let files = options.list("files", "a list of CSV paths", element: "a path", ScalarValue.text)
        let sql = options.nonEmptyString("sql")
        let database = options.string("database")
        let label = options.nonEmptyString("label") ?? ExtractOptions.defaultLabel
        switch (options.contains("files"), options.contains("sql")) {
        case (true, true):
            options.report("give either 'files' or 'sql', not both", at: options.keyMark("sql"))
            return nil
        case (false, false):
            options.report("missing required option 'files' (CSV paths) or 'sql' (with 'database')", at: options.mark)
            return nil
        case (true, false):
            if options.contains("database") {
                options.report("'database' only applies with 'sql'", at: options.keyMark("database"))
            }
            if files?.isEmpty == true {
                options.reportValue("files", "must list at least one CSV file")
            }
            return ExtractOptions(source: .files(files ?? []), label: label)
        case (false, true):
            if !options.contains("database") {
                options.reportMissing("database", " (a postgres:// URL or env:NAME) for 'sql'")
            } else if let database, !isValidDatabase(database) {
                options.reportValue("database", "must be a postgres:// or postgresql:// URL or env:NAME, got '\(database)'")
            }
            return ExtractOptions(source: .sql(query: sql ?? "", database: database ?? ""), label: label)
        }
    }

    /// A PostgreSQL URL or an `env:NAME` reference to one.
    static func isValidDatabase(_ text: String) -> Bool {
        if text.hasPrefix("env:") { return isEnvironmentName(String(text.dropFirst(4))) }
        return (text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")) && !text.contains(" ")
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    static func validate(_ options: OptionMap) -> ValidateOptions {
        var result = ValidateOptions()
        result.maxMissing =
            options.number("max_missing", where: { (0...1).contains($0) }, "between 0 and 1")
            ?? result.maxMissing
        result.maxPSI = options.number("max_psi", where: { $0 >= 0 }, "at least 0") ?? result.maxPSI
        result.minRows = options.int("min_rows", atLeast: 0) ?? result.minRows
        guard let node = options.value("expect") else { return result }
        guard case .sequence(let sequence) = node else {
            options.reportValue("expect", "must be a list of column expectations, got \(ScalarValue.describe(node))")
            return result
        }
        result.expectations = sequence.enumerated().compactMap { index, element in
            expectation(element, number: index + 1, in: options)
        }
        return result
    }

    static func expectation(_ node: Node, number: Int, in options: OptionMap) -> ColumnExpectation? {
        guard node.mapping != nil else {
            options.report(
                "expect item \(number) must be a map with 'column' and 'min', 'max', 'not_null' or 'max_unseen', "
                    + "got \(ScalarValue.describe(node))", at: node.mark)
            return nil
        }
        let entry = OptionMap(
            node, what: "expect item \(number)", fallbackMark: options.valueMark("expect"),
            context: OptionMap.prefixed(options.context, "expect item \(number)"),
            allowed: ["column", "min", "max", "not_null", "max_unseen"], diagnostics: options.diagnostics)
        let min = entry.number("min")
        let max = entry.number("max")
        let notNull = entry.bool("not_null")
        let maxUnseen = entry.number("max_unseen", where: { (0...1).contains($0) }, "between 0 and 1")
        if let min, let max, min > max {
            entry.reportValue("max", "must be at least 'min' (\(min)), got \(max)")
        }
        if !entry.contains("min") && !entry.contains("max") && !entry.contains("not_null") && !entry.contains("max_unseen") {
            entry.report("declares nothing: give 'min', 'max', 'not_null' or 'max_unseen'", at: entry.mark)
        }
        guard entry.contains("column") else {
            entry.reportMissing("column")
            return nil
        }
        guard let column = entry.nonEmptyString("column") else { return nil }
        return ColumnExpectation(column: column, min: min, max: max, notNull: notNull ?? false, maxUnseen: maxUnseen)
    }

    static func train(_ options: OptionMap, checks: PipelineChecks) -> TrainOptions? {
        let engine = options.string("engine") ?? "local"
        guard engine == "local" || engine == "dask" else {
            options.reportValue("engine", "must be local or dask, got '\(engine)'")
            return nil
        }
        let dask = engine == "dask" ? daskTraining(options) : nil
        if dask == nil {
            for key in ["scheduler", "data"] where options.contains(key) {
                options.report("'\(key)' only applies with 'engine: dask'", at: options.keyMark(key))
            }
        }
        let algorithm = options.choice("algorithm", TrainingAlgorithm.self) ?? (dask != nil && !options.contains("algorithm") ? .gbdt : nil)
        let params = options.scalarMap("params") ?? [:]
        guard options.contains("algorithm") || dask != nil else {
            options.reportMissing("algorithm", " (gbdt or logreg)")
            return nil
        }
        guard let algorithm else { return nil }
        if dask != nil, algorithm != .gbdt {
            options.reportValue("algorithm", "must be gbdt with 'engine: dask' (XGBoost's distributed training), got '\(algorithm.rawValue)'")
        }
        // Dask hands the parameters to XGBoost itself, which checks them.
        if dask == nil, let problem = checks.training(algorithm, params) {
            options.report("'params': \(problem)", at: options.contains("params") ? options.valueMark("params") : options.mark)
        }
        let categorical = options.list("categorical", "a list of column names", element: "a column name", ScalarValue.text) ?? []
        let exclude = options.list("exclude", "a list of column names", element: "a column name", ScalarValue.text) ?? []
        if let both = categorical.first(where: exclude.contains) {
            options.report("'\(both)' is listed in both 'categorical' and 'exclude'", at: options.valueMark("exclude"))
        }
        return TrainOptions(algorithm: algorithm, params: params, categorical: categorical, exclude: exclude, dask: dask)
    }

    /// `scheduler:` (an address, or absent for `$MLOPS_DASK_SCHEDULER`) and `data:` of a Dask train step.
    static func daskTraining(_ options: OptionMap) -> DaskTraining {
        let scheduler = options.nonEmptyString("scheduler")
        if let scheduler, !DaskTraining.isSchedulerAddress(scheduler) {
            options.reportValue("scheduler", "must be a Dask scheduler address like tcp://10.0.0.5:8786, got '\(scheduler)'")
        }
        return DaskTraining(scheduler: scheduler, data: options.nonEmptyString("data"))
    }

    static func evaluate(_ options: OptionMap) -> EvaluateOptions {
        var result = EvaluateOptions()
        result.holdout =
            options.number("holdout", where: { $0 > 0 && $0 < 1 }, "between 0 and 1 (exclusive)")
            ?? result.holdout
        result.minAUCGain = options.number("min_auc_gain") ?? result.minAUCGain
        result.maxLoglossIncrease = options.number("max_logloss_increase") ?? result.maxLoglossIncrease
        return result
    }

    static func register(_ options: OptionMap) -> RegisterOptions {
        RegisterOptions(tags: options.scalarMap("tags") ?? [:], description: options.string("description"))
    }

    /// A `canary` step's rollout plan, read by the one reading every surface shares
    /// (`RolloutPlan.reading`); every problem is reported at the field it names.
    static func canary(_ options: OptionMap) -> RolloutPlan {
        let steps = options.list("steps", "a list of traffic percentages", element: "a number", ScalarValue.number)
        let hold = options.read("hold", "a duration like 30s, 30m, 2h or 1d", ScalarValue.text)
        let read = RolloutPlan.reading(
            steps: steps, hold: hold, minSamples: options.int("min_samples"), metric: options.string("metric"),
            shadow: options.bool("shadow"), alpha: options.number("alpha"))
        for problem in read.problems { options.report(problem.description, at: mark(of: problem, in: options)) }
        return read.plan
    }

    /// Where the field a plan error names is written: a step item, else the option's value.
    static func mark(of error: RolloutError, in options: OptionMap) -> Mark? {
        guard case .invalidPlan(let field, _) = error else { return options.mark }
        if field.hasPrefix("steps["), case .sequence(let nodes)? = options.value("steps"),
            let index = Int(field.dropFirst(6).dropLast()), nodes.indices.contains(index)
        {
            return nodes[index].mark
        }
        let key = field == "hold_seconds" ? "hold" : field
        return options.contains(key) ? options.valueMark(key) : options.mark
    }

    static func command(_ options: OptionMap) -> CommandOptions? {
        let run = options.list(
            "run", "a list of strings (the program, then its arguments; no shell)",
            element: "a string", ScalarValue.text)
        let env = options.scalarMap("env") ?? [:]
        for name in env.keys.sorted() where !isEnvironmentName(name) {
            options.reportValue("env", "has '\(name)', which is not a variable name ([A-Za-z_][A-Za-z0-9_]*)")
        }
        let workdir = options.nonEmptyString("workdir")
        guard options.contains("run") else {
            options.reportMissing("run", " (the program and its arguments, e.g. [\"python3\", \"train.py\"])")
            return nil
        }
        guard let run else { return nil }
        guard let program = run.first, !program.isEmpty else {
            options.reportValue("run", "must start with a program")
            return nil
        }
        return CommandOptions(run: run, env: env, workdir: workdir)
    }
}
