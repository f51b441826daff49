#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The serving side of one simulated rollout: scores requests on the routed arms, keeps the
/// predictions whose labels have not arrived yet, and hands out a batch of statistics with the
/// labels that arrived by a given time.
struct SimulatedTraffic {
    /// A prediction waiting for its label.
    struct PendingLabel {
        var arrival: Double
        var arm: Arm
        var probability: Double
        var click: Bool
    }

    let settings: SimulationSettings
    let scenario: SimulationScenario
    var champion = ArmStatistics()
    var challenger = ArmStatistics()
    var pending: [PendingLabel] = []
    var head = 0

    init(settings: SimulationSettings, scenario: SimulationScenario) {
        self.settings = settings
        self.scenario = scenario
        pending.reserveCapacity(1024)
    }

    /// One request at time `now`: features, the true click, each scoring arm's prediction.
    mutating func serve(route: CanaryRoute, at now: Double, using rng: inout CanarySplitMix64) {
        let x1 = 2 * rng.nextUnit() - 1
        let x2 = 2 * rng.nextUnit() - 1
        let x3 = 2 * rng.nextUnit() - 1
        let click = rng.nextUnit() < SimulationScenario.sigmoid(SimulationScenario.trueLogit(x1, x2, x3))
        score(arm: route.answering, x1, x2, x3, click: click, at: now, using: &rng)
        if let shadow = route.shadow { score(arm: shadow, x1, x2, x3, click: click, at: now, using: &rng) }
    }

    mutating func score(
        arm: Arm, _ x1: Double, _ x2: Double, _ x3: Double, click: Bool, at now: Double,
        using rng: inout CanarySplitMix64
    ) {
        let isChampion = arm == .champion
        let errorRate = isChampion ? settings.championErrorRate : settings.challengerErrorRate
        if rng.nextUnit() < errorRate {
            if isChampion { champion.recordError() } else { challenger.recordError() }
            return
        }
        let tail = isChampion ? settings.championLatencyTailSeconds : settings.challengerLatencyTailSeconds
        let latency = settings.baseLatencySeconds - tail * log(1 - rng.nextUnit())
        let logit: Double
        if isChampion {
            champion.recordPrediction(latencySeconds: latency)
            logit = SimulationScenario.championLogit(x1, x2, x3)
        } else {
            challenger.recordPrediction(latencySeconds: latency)
            let noise = scenario.isNoisy ? Self.standardNormal(using: &rng) : 0
            logit = scenario.challengerLogit(x1, x2, x3, noise: noise)
        }
        pending.append(
            PendingLabel(
                arrival: now + settings.labelDelaySeconds, arm: arm,
                probability: SimulationScenario.sigmoid(logit), click: click))
    }

    /// The statistics gathered since the last call, with every label that arrived by `time`.
    mutating func collect(upTo time: Double) -> RolloutStatistics {
        while head < pending.count, pending[head].arrival <= time {
            let label = pending[head]
            if label.arm == .champion {
                champion.record(label: label.click, probability: label.probability)
            } else {
                challenger.record(label: label.click, probability: label.probability)
            }
            head += 1
        }
        if head > 4096, head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
        let batch = RolloutStatistics(champion: champion, challenger: challenger)
        champion = ArmStatistics()
        challenger = ArmStatistics()
        return batch
    }

    /// A standard normal draw (Box–Muller, one of the pair).
    static func standardNormal(using rng: inout CanarySplitMix64) -> Double {
        let u1 = 1 - rng.nextUnit()  // (0, 1]
        let u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
