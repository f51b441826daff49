import CanaryRollout
import Foundation
import Testing

@Suite struct ArmStatisticsTests {
    @Test func logLossIsClippedPerImpression() {
        #expect(abs(ArmStatistics.logLoss(label: true, probability: 0.25) - (-log(0.25))) < 1e-15)
        #expect(abs(ArmStatistics.logLoss(label: false, probability: 0.25) - (-log(0.75))) < 1e-15)
        let worst = -log(1e-15)
        #expect(abs(ArmStatistics.logLoss(label: true, probability: 0) - worst) < 1e-9)
        #expect(abs(ArmStatistics.logLoss(label: false, probability: 1) - worst) < 1e-3)  // 1 − (1 − 1e-15) is not exact
        #expect(ArmStatistics.logLoss(label: true, probability: -2).isFinite)
        #expect(ArmStatistics.logLoss(label: false, probability: .nan) == worst)
    }

    @Test func countsMeansAndVariances() throws {
        var stats = ArmStatistics()
        #expect(stats.meanLogLoss == nil)
        #expect(stats.errorRate == nil)
        #expect(stats.p99 == nil)
        #expect(stats.logLossVariance == nil)
        stats.record(label: true, probability: 0.5)
        stats.record(label: false, probability: 0.5)
        stats.record(label: false, probability: 0.2)
        for _ in 0..<99 { stats.recordPrediction(latencySeconds: 0.01) }
        stats.recordError()
        #expect(stats.labelled == 3 && stats.clicks == 1)
        #expect(stats.predictions == 99 && stats.errors == 1 && stats.requests == 100)
        #expect(stats.errorRate == 0.01)
        let losses: [Double] = [-log(0.5), -log(0.5), -log(0.8)]
        let mean: Double = losses.reduce(0, +) / 3
        let variance: Double = losses.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2
        let meanLogLoss = try #require(stats.meanLogLoss)
        let logLossVariance = try #require(stats.logLossVariance)
        #expect(abs(meanLogLoss - mean) < 1e-12)
        #expect(abs(logLossVariance - variance) < 1e-12)
        #expect(stats.mean(of: .ctr) == 1.0 / 3)
        let ctrVariance = try #require(stats.variance(of: .ctr))
        let expectedCTRVariance: Double = (1.0 / 3) * (2.0 / 3)
        #expect(abs(ctrVariance - expectedCTRVariance) < 1e-15)
        let p99 = try #require(stats.p99)
        #expect(abs(p99 / 0.01 - 1) < 0.025)
    }

    @Test func mergeEqualsOnePass() {
        var generator = CanarySplitMix64(seed: 3)
        var whole = ArmStatistics()
        var parts = [ArmStatistics(), ArmStatistics(), ArmStatistics()]
        for i in 0..<10_000 {
            let p = generator.nextUnit()
            let click = generator.nextUnit() < p
            let latency = 0.001 + 0.05 * generator.nextUnit()
            let errored = generator.nextUnit() < 0.01
            for target in [0, 1] {
                func apply(_ s: inout ArmStatistics) {
                    if errored {
                        s.recordError()
                        return
                    }
                    s.recordPrediction(latencySeconds: latency)
                    s.record(label: click, probability: p)
                }
                if target == 0 { apply(&whole) } else { apply(&parts[i % 3]) }
            }
        }
        let merged = parts[0] + parts[1] + parts[2]
        var mergedInPlace = parts[2]
        mergedInPlace.merge(parts[0])
        mergedInPlace.merge(parts[1])
        for candidate in [merged, mergedInPlace] {
            #expect(candidate.labelled == whole.labelled)
            #expect(candidate.clicks == whole.clicks)
            #expect(candidate.predictions == whole.predictions)
            #expect(candidate.errors == whole.errors)
            #expect(candidate.latency == whole.latency)
            #expect(abs(candidate.logLossSum - whole.logLossSum) <= 1e-9 * whole.logLossSum)
            #expect(abs(candidate.logLossSquaresSum - whole.logLossSquaresSum) <= 1e-9 * whole.logLossSquaresSum)
        }
        var pair = RolloutStatistics()
        pair[.challenger] = whole
        #expect((pair + pair).challenger.labelled == 2 * whole.labelled)
        #expect((pair + pair).champion == ArmStatistics())
    }

    @Test func jsonRoundTrip() throws {
        let stats = Fixtures.varied(n: 500, seed: 8)
        let data = try JSONEncoder().encode(stats)
        let text = String(decoding: data, as: UTF8.self)
        for key in [
            "\"labelled\"", "\"log_loss_sum\"", "\"log_loss_squares_sum\"", "\"clicks\"", "\"predictions\"",
            "\"errors\"", "\"latency\"",
        ] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(try JSONDecoder().decode(ArmStatistics.self, from: data) == stats)
    }
}
