import CanaryRollout

/// One step of a pipeline: what it does (`kind`, with its options), how often a failed attempt
/// is retried, and how long an attempt may take.
public struct PipelineStep: Sendable, Equatable, Codable {
    /// The step's name, unique in its pipeline; the kind's name unless the file gives `name`.
    public var name: String
    /// What the step does, with its options.
    public var kind: StepKind
    /// How many times a failed attempt is retried (0: run once). Defaults to
    /// `kind.defaultRetries`.
    public var retries: Int
    /// Seconds an attempt may run before it is stopped, or nil for no limit. A `command` step
    /// always has one (`CommandOptions.defaultTimeoutSeconds` unless the file gives `timeout`).
    public var timeoutSeconds: Int64?

    /// Creates a step; `name` defaults to the kind's name, `retries` to the kind's default, and
    /// `timeoutSeconds` to the kind's default (one hour for `command`, none otherwise).
    public init(kind: StepKind, name: String? = nil, retries: Int? = nil, timeoutSeconds: Int64? = nil) {
        self.kind = kind
        self.name = name ?? kind.kindName
        self.retries = retries ?? kind.defaultRetries
        self.timeoutSeconds = timeoutSeconds ?? kind.defaultTimeoutSeconds
    }
}

/// What a step does, with its options. Encodes as `{"kind": "train", "options": {...}}`, with the
/// options under the file's own option names (`max_missing`, `min_samples`, ...), so a step's
/// options can travel as JSON in a job payload (`JSONEncoder().encode(step.kind)`).
public enum StepKind: Sendable, Equatable, Codable {
    /// Read training data from CSV files or a SQL query.
    case extract(ExtractOptions)
    /// Check the extracted data: missing values, drift against the serving model, expectations.
    case validate(ValidateOptions)
    /// Train a candidate model.
    case train(TrainOptions)
    /// Compare the candidate with the model in production on a holdout.
    case evaluate(EvaluateOptions)
    /// Register the candidate in the model registry.
    case register(RegisterOptions)
    /// Roll the candidate out as a canary.
    case canary(RolloutPlan)
    /// Run an external program.
    case command(CommandOptions)

    /// Every kind name, in the order the file format documents them.
    public static let kindNames = ["extract", "validate", "train", "evaluate", "register", "canary", "command"]

    /// The kind's name as written in a pipeline file: `"extract"`, `"validate"`, ...
    public var kindName: String {
        switch self {
        case .extract: "extract"
        case .validate: "validate"
        case .train: "train"
        case .evaluate: "evaluate"
        case .register: "register"
        case .canary: "canary"
        case .command: "command"
        }
    }

    /// Retries when the file gives none: 2 for `extract` and `command` (flaky I/O), 0 for
    /// `validate` and `evaluate` (a data or quality failure would fail again), 1 otherwise.
    public var defaultRetries: Int { Self.defaultRetries(forKind: kindName) }

    /// `defaultRetries` by kind name (1 for a name that is not a kind).
    public static func defaultRetries(forKind kind: String) -> Int {
        switch kind {
        case "extract", "command": 2
        case "validate", "evaluate": 0
        default: 1
        }
    }

    /// The timeout when the file gives none: `CommandOptions.defaultTimeoutSeconds` for
    /// `command`, nil (no limit) otherwise.
    public var defaultTimeoutSeconds: Int64? {
        if case .command = self { return CommandOptions.defaultTimeoutSeconds }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case kind, options
    }

    /// Decodes `{"kind": ..., "options": {...}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "extract": self = .extract(try container.decode(ExtractOptions.self, forKey: .options))
        case "validate": self = .validate(try container.decode(ValidateOptions.self, forKey: .options))
        case "train": self = .train(try container.decode(TrainOptions.self, forKey: .options))
        case "evaluate": self = .evaluate(try container.decode(EvaluateOptions.self, forKey: .options))
        case "register": self = .register(try container.decode(RegisterOptions.self, forKey: .options))
        case "canary": self = .canary(try container.decode(RolloutPlan.self, forKey: .options))
        case "command": self = .command(try container.decode(CommandOptions.self, forKey: .options))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown step kind '\(kind)'")
        }
    }

    /// Encodes `{"kind": ..., "options": {...}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kindName, forKey: .kind)
        switch self {
        case .extract(let options): try container.encode(options, forKey: .options)
        case .validate(let options): try container.encode(options, forKey: .options)
        case .train(let options): try container.encode(options, forKey: .options)
        case .evaluate(let options): try container.encode(options, forKey: .options)
        case .register(let options): try container.encode(options, forKey: .options)
        case .canary(let options): try container.encode(options, forKey: .options)
        case .command(let options): try container.encode(options, forKey: .options)
        }
    }
}
