/// The outcome of many simulated rollouts of one scenario.
///
/// JSON, keys in this order: `{"runs", "promoted", "rolled_back", "undecided",
/// "rolled_back_at_weight": {"5": n, "20": n, "100": n}, "scenario", "seed",
/// "rollback_reasons": {"primary_metric": n, …}, "mean_hours_to_decision",
/// "mean_requests_per_run", "peeking_z_test_says_worse"}` — `jsonText()` writes exactly this
/// order; `JSONEncoder` writes the same keys (in its own order on Linux). The weights are the plan's steps, in order, each present (0 when
/// no run rolled back there); a whole weight is written without a decimal point ("5", "12.5").
public struct SimulationSummary: Codable, Sendable, Equatable {
    /// Simulated rollouts.
    public var runs: Int
    /// Runs that ended promoted.
    public var promoted: Int
    /// Runs that ended rolled back.
    public var rolledBack: Int
    /// Runs still running when the virtual time ran out.
    public var undecided: Int
    /// Rolled-back runs by the weight they were rolled back at, in step order.
    public var rolledBackAtWeight: [WeightCount]
    /// The scenario simulated.
    public var scenario: SimulationScenario
    /// The seed the runs' seeds were drawn from.
    public var seed: UInt64
    /// Rolled-back runs by reason (only reasons that occurred, in `RollbackReason` order).
    public var rollbackReasons: [ReasonCount]
    /// Mean virtual hours from start to promotion or rollback, over decided runs (0 when none).
    public var meanHoursToDecision: Double
    /// Mean simulated requests per run.
    public var meanRequestsPerRun: Double
    /// Runs in which a fixed-horizon z-test checked at every decision would have said "worse"
    /// (see `SimulationRun.peekingZTestSaysWorse`): the false rollbacks peeking would cause in an
    /// A/A test.
    public var peekingZTestSaysWorse: Int

    /// A summary as given.
    public init(
        runs: Int, promoted: Int, rolledBack: Int, undecided: Int, rolledBackAtWeight: [WeightCount],
        scenario: SimulationScenario, seed: UInt64, rollbackReasons: [ReasonCount],
        meanHoursToDecision: Double, meanRequestsPerRun: Double, peekingZTestSaysWorse: Int
    ) {
        self.runs = runs
        self.promoted = promoted
        self.rolledBack = rolledBack
        self.undecided = undecided
        self.rolledBackAtWeight = rolledBackAtWeight
        self.scenario = scenario
        self.seed = seed
        self.rollbackReasons = rollbackReasons
        self.meanHoursToDecision = meanHoursToDecision
        self.meanRequestsPerRun = meanRequestsPerRun
        self.peekingZTestSaysWorse = peekingZTestSaysWorse
    }

    /// Rolled-back runs at `weightPercent` (0 when that is not a step).
    public func rolledBack(atWeight weightPercent: Double) -> Int {
        rolledBackAtWeight.first { $0.weightPercent == weightPercent }?.count ?? 0
    }

    /// rolledBack / runs (0 for no runs).
    public var rolledBackShare: Double { runs > 0 ? Double(rolledBack) / Double(runs) : 0 }
    /// promoted / runs (0 for no runs).
    public var promotedShare: Double { runs > 0 ? Double(promoted) / Double(runs) : 0 }

    /// How many runs something happened to at one weight.
    public struct WeightCount: Sendable, Equatable {
        /// The step's weight in percent.
        public var weightPercent: Double
        /// The number of runs.
        public var count: Int

        /// A count as given.
        public init(weightPercent: Double, count: Int) {
            self.weightPercent = weightPercent
            self.count = count
        }
    }

    /// How many runs were rolled back for one reason.
    public struct ReasonCount: Sendable, Equatable {
        /// The reason.
        public var reason: RollbackReason
        /// The number of runs.
        public var count: Int

        /// A count as given.
        public init(reason: RollbackReason, count: Int) {
            self.reason = reason
            self.count = count
        }
    }

    enum CodingKeys: String, CodingKey {
        case runs, promoted, undecided, scenario, seed
        case rolledBack = "rolled_back"
        case rolledBackAtWeight = "rolled_back_at_weight"
        case rollbackReasons = "rollback_reasons"
        case meanHoursToDecision = "mean_hours_to_decision"
        case meanRequestsPerRun = "mean_requests_per_run"
        case peekingZTestSaysWorse = "peeking_z_test_says_worse"
    }

    /// A JSON object key that is any string (weights, reasons).
    struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// "5" for 5.0, "12.5" for 12.5.
    static func weightKey(_ weight: Double) -> String {
        weight == weight.rounded() && abs(weight) < 1e15 ? String(Int(weight)) : String(weight)
    }

    /// The summary as one line of JSON with the keys in the documented order (no Foundation).
    public func jsonText() -> String {
        func object(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        }
        func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
        return object([
            ("runs", "\(runs)"), ("promoted", "\(promoted)"), ("rolled_back", "\(rolledBack)"),
            ("undecided", "\(undecided)"),
            ("rolled_back_at_weight", object(rolledBackAtWeight.map { (Self.weightKey($0.weightPercent), "\($0.count)") })),
            ("scenario", "\"\(scenario.rawValue)\""), ("seed", "\(seed)"),
            ("rollback_reasons", object(rollbackReasons.map { ($0.reason.rawValue, "\($0.count)") })),
            ("mean_hours_to_decision", number(meanHoursToDecision)),
            ("mean_requests_per_run", number(meanRequestsPerRun)),
            ("peeking_z_test_says_worse", "\(peekingZTestSaysWorse)"),
        ])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runs, forKey: .runs)
        try c.encode(promoted, forKey: .promoted)
        try c.encode(rolledBack, forKey: .rolledBack)
        try c.encode(undecided, forKey: .undecided)
        var weights = c.nestedContainer(keyedBy: DynamicKey.self, forKey: .rolledBackAtWeight)
        for entry in rolledBackAtWeight {
            try weights.encode(entry.count, forKey: DynamicKey(stringValue: Self.weightKey(entry.weightPercent)))
        }
        try c.encode(scenario, forKey: .scenario)
        try c.encode(seed, forKey: .seed)
        var reasons = c.nestedContainer(keyedBy: DynamicKey.self, forKey: .rollbackReasons)
        for entry in rollbackReasons {
            try reasons.encode(entry.count, forKey: DynamicKey(stringValue: entry.reason.rawValue))
        }
        try c.encode(meanHoursToDecision, forKey: .meanHoursToDecision)
        try c.encode(meanRequestsPerRun, forKey: .meanRequestsPerRun)
        try c.encode(peekingZTestSaysWorse, forKey: .peekingZTestSaysWorse)
    }

    /// Decodes; weights come back in ascending order (JSON objects carry no order).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runs = try c.decode(Int.self, forKey: .runs)
        promoted = try c.decode(Int.self, forKey: .promoted)
        rolledBack = try c.decode(Int.self, forKey: .rolledBack)
        undecided = try c.decode(Int.self, forKey: .undecided)
        let weights = try c.nestedContainer(keyedBy: DynamicKey.self, forKey: .rolledBackAtWeight)
        var weightCounts: [WeightCount] = []
        for key in weights.allKeys {
            guard let weight = Double(key.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: weights,
                    debugDescription: "rolled_back_at_weight: '\(key.stringValue)' is not a weight")
            }
            weightCounts.append(WeightCount(weightPercent: weight, count: try weights.decode(Int.self, forKey: key)))
        }
        rolledBackAtWeight = weightCounts.sorted { $0.weightPercent < $1.weightPercent }
        scenario = try c.decode(SimulationScenario.self, forKey: .scenario)
        seed = try c.decode(UInt64.self, forKey: .seed)
        var reasonCounts: [ReasonCount] = []
        if let reasons = try? c.nestedContainer(keyedBy: DynamicKey.self, forKey: .rollbackReasons) {
            for reason in RollbackReason.allCases {
                let key = DynamicKey(stringValue: reason.rawValue)
                if let count = try reasons.decodeIfPresent(Int.self, forKey: key) {
                    reasonCounts.append(ReasonCount(reason: reason, count: count))
                }
            }
        }
        rollbackReasons = reasonCounts
        meanHoursToDecision = try c.decodeIfPresent(Double.self, forKey: .meanHoursToDecision) ?? 0
        meanRequestsPerRun = try c.decodeIfPresent(Double.self, forKey: .meanRequestsPerRun) ?? 0
        peekingZTestSaysWorse = try c.decodeIfPresent(Int.self, forKey: .peekingZTestSaysWorse) ?? 0
    }
}
