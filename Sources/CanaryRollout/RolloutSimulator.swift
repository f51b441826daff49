#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Rollouts on a virtual clock (no sleeping), through the real `CanaryAssignment`,
/// `CanaryRoute`, `ArmStatistics`, `RolloutDecider` and `RolloutState.apply(_:now:)`.
///
/// Each run: a fresh salt; requests arrive as a Poisson process; each picks a unit id, whose
/// bucket comes from `CanaryAssignment.bucket(salt:unitID:)` (computed once per unit and run, as
/// a router would cache it); the route decides which arms score it; each scoring arm may throw
/// (an error for that arm; the fallback answer enters no statistics) or predicts with its
/// latency; the click is drawn from the true model (`SimulationScenario`) and reaches the
/// statistics `labelDelaySeconds` later. Every `decisionIntervalSeconds` the batch is recorded
/// into the state, the decider decides and the decision is applied. A run ends when promoted or
/// rolled back, or undecided at `maxSeconds`.
///
/// Everything is drawn from `CanarySplitMix64`, so a seed replays a run exactly on any platform.
public struct RolloutSimulator: Sendable {
    /// The simulated traffic.
    public var settings: SimulationSettings

    /// A simulator with `settings`.
    public init(settings: SimulationSettings = SimulationSettings()) {
        self.settings = settings
    }

    /// The plan the simulations use by default: the production plan's steps (5 → 20 → 100),
    /// metric (log loss), α and τ², with 2 000 labelled predictions per arm per step and a hold
    /// of 30 virtual minutes.
    public static let defaultPlan = RolloutPlan(minSamples: 2000)

    /// `runs` rollouts of `scenario` under `plan`; run i's seed is the i-th output of
    /// `CanarySplitMix64(seed: seed)`.
    public func simulate(
        scenario: SimulationScenario, runs: Int, seed: UInt64,
        plan: RolloutPlan = RolloutSimulator.defaultPlan
    ) throws(RolloutError) -> SimulationSummary {
        try plan.validate()
        try settings.validate()
        let units = Self.unitIDs(count: settings.unitCount)
        var seeds = CanarySplitMix64(seed: seed)
        var promoted = 0
        var rolledBack = 0
        var undecided = 0
        var atWeight = plan.steps.map { SimulationSummary.WeightCount(weightPercent: $0, count: 0) }
        var reasons: [RollbackReason: Int] = [:]
        var decidedSeconds = 0.0
        var requests = 0
        var peeking = 0
        for _ in 0..<max(runs, 0) {
            let run = try self.run(scenario: scenario, seed: seeds.next(), plan: plan, unitIDs: units)
            requests += run.requests
            if run.peekingZTestSaysWorse { peeking += 1 }
            switch run.status {
            case .promoted:
                promoted += 1
                decidedSeconds += run.seconds
            case .rolledBack:
                rolledBack += 1
                decidedSeconds += run.seconds
                if let i = atWeight.firstIndex(where: { $0.weightPercent == run.finalStepWeight }) { atWeight[i].count += 1 }
                if let reason = run.rollbackReason { reasons[reason, default: 0] += 1 }
            default:
                undecided += 1
            }
        }
        let decided = promoted + rolledBack
        return SimulationSummary(
            runs: max(runs, 0), promoted: promoted, rolledBack: rolledBack, undecided: undecided,
            rolledBackAtWeight: atWeight, scenario: scenario, seed: seed,
            rollbackReasons: RollbackReason.allCases.compactMap { reason in
                reasons[reason].map { SimulationSummary.ReasonCount(reason: reason, count: $0) }
            },
            meanHoursToDecision: decided > 0 ? decidedSeconds / Double(decided) / 3600 : 0,
            meanRequestsPerRun: runs > 0 ? Double(requests) / Double(runs) : 0,
            peekingZTestSaysWorse: peeking)
    }

    /// One rollout of `scenario` under `plan` from `seed`.
    public func run(
        scenario: SimulationScenario, seed: UInt64,
        plan: RolloutPlan = RolloutSimulator.defaultPlan
    ) throws(RolloutError) -> SimulationRun {
        try plan.validate()
        try settings.validate()
        return try run(scenario: scenario, seed: seed, plan: plan, unitIDs: Self.unitIDs(count: settings.unitCount))
    }

    static func unitIDs(count: Int) -> [String] {
        (0..<count).map { "unit-\($0)" }
    }

    func run(scenario: SimulationScenario, seed: UInt64, plan: RolloutPlan, unitIDs: [String]) throws(RolloutError) -> SimulationRun {
        var rng = CanarySplitMix64(seed: seed)
        let salt = "simulation-\(seed)"
        let buckets = unitIDs.map { CanaryAssignment.bucket(salt: salt, unitID: $0) }
        var state = try RolloutState(plan: plan, salt: salt, now: 0)
        var traffic = SimulatedTraffic(settings: settings, scenario: scenario)
        var events: [RolloutEvent] = []
        var now = 0.0
        var nextDecision = settings.decisionIntervalSeconds
        var requests = 0
        var peekingSaysWorse = false
        let unitCount = UInt64(buckets.count)

        while now < settings.maxSeconds {
            now += -log(1 - rng.nextUnit()) / settings.requestsPerSecond
            while nextDecision <= now, nextDecision <= settings.maxSeconds {
                state.record(traffic.collect(upTo: nextDecision))
                let decision = try RolloutDecider.decide(
                    plan: plan, state: state, now: nextDecision,
                    scorePSI: settings.scorePSI)
                state = try state.apply(decision, now: nextDecision)
                if decision.action != .hold { events.append(RolloutEvent(at: nextDecision, decision: decision)) }
                if let look = decision.evidence.test, SimulationRun.worseZScore(look, metric: plan.metric) >= 1.96 {
                    peekingSaysWorse = true
                }
                if state.status.isFinal {
                    return SimulationRun(
                        seed: seed, status: state.status, finalStepWeight: plan.steps[state.stepIndex],
                        seconds: nextDecision, requests: requests, events: events, finalState: state,
                        peekingZTestSaysWorse: peekingSaysWorse)
                }
                nextDecision += settings.decisionIntervalSeconds
            }
            guard now < settings.maxSeconds else { break }
            let unit = Int(truncatingIfNeeded: rng.next() % unitCount)
            let route = CanaryRoute(bucket: buckets[unit], weightPercent: state.weightPercent, shadowMode: plan.shadow)
            traffic.serve(route: route, at: now, using: &rng)
            requests += 1
        }
        return SimulationRun(
            seed: seed, status: state.status, finalStepWeight: plan.steps[state.stepIndex],
            seconds: settings.maxSeconds, requests: requests, events: events, finalState: state,
            peekingZTestSaysWorse: peekingSaysWorse)
    }
}
