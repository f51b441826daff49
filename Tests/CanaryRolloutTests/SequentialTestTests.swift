import CanaryRollout
import Foundation
import Testing

@Suite struct SequentialTestTests {
    let test = SequentialTest(alpha: 0.05, mixingVariance: 0.02 * 0.02)

    @Test func identicalArmsGiveNoEvidence() throws {
        let arm = Fixtures.varied(n: 5000, seed: 1)
        let result = try #require(test.evaluate(metric: .logLoss, champion: arm, challenger: arm))
        #expect(result.difference == 0)
        #expect(result.pValue == 1)
        #expect(result.logLikelihoodRatio < 0)
        #expect(result.interval.contains(0))
        #expect(!test.rejects(pValue: result.pValue))
        #expect(MetricVerdict(runningInterval: result.interval, metric: .logLoss) == .inconclusive)
    }

    @Test func similarArmsFromTheSameModelDoNotReject() throws {
        let champion = Fixtures.varied(n: 20_000, seed: 2)
        let challenger = Fixtures.varied(n: 20_000, seed: 3)
        let result = try #require(test.evaluate(metric: .logLoss, champion: champion, challenger: challenger))
        #expect(result.pValue > 0.5)
        #expect(!test.rejects(pValue: result.pValue))
    }

    @Test func aWorseLogLossIsRejectedOnTheWorseSide() throws {
        // Same clicks; the challenger predicts 0.5 where the champion predicts 0.2 on a 20 % stream.
        let champion = Fixtures.arm(n: 5000, probability: 0.2)
        let challenger = Fixtures.arm(n: 5000, probability: 0.5)
        let result = try #require(test.evaluate(metric: .logLoss, champion: champion, challenger: challenger))
        #expect(result.difference > 0.15)
        #expect(result.pValue < 1e-6)
        #expect(result.interval.lower > 0)
        #expect(MetricVerdict(runningInterval: result.interval, metric: .logLoss) == .worse)
        // The other way round it is better.
        let reverse = try #require(test.evaluate(metric: .logLoss, champion: challenger, challenger: champion))
        #expect(reverse.interval.upper < 0)
        #expect(MetricVerdict(runningInterval: reverse.interval, metric: .logLoss) == .better)
    }

    @Test func aLowerClickRateIsWorse() throws {
        let ctr = SequentialTest(alpha: 0.05, mixingVariance: PrimaryMetric.ctr.defaultMixingVariance)
        let champion = Fixtures.arm(n: 50_000, probability: 0.1, clickEvery: 10)  // 10 % CTR
        let challenger = Fixtures.arm(n: 50_000, probability: 0.1, clickEvery: 12)  // 8.3 % CTR
        let result = try #require(ctr.evaluate(metric: .ctr, champion: champion, challenger: challenger))
        let h = try #require(champion.clickRate)
        let c = try #require(challenger.clickRate)
        #expect(abs(c - 1.0 / 12) < 1e-4)
        let expectedVariance = h * (1 - h) / 50_000 + c * (1 - c) / 50_000
        #expect(abs(result.variance - expectedVariance) < 1e-12)
        #expect(result.difference < 0)
        #expect(ctr.rejects(pValue: result.pValue))
        #expect(MetricVerdict(runningInterval: result.interval, metric: .ctr) == .worse)
    }

    @Test func formulasMatchAHandComputation() {
        let d = 0.03
        let v = 1e-4
        let t = 4e-4
        let lambda = (v / (v + t)).squareRoot() * exp(d * d * t / (2 * v * (v + t)))
        #expect(abs(test.logLikelihoodRatio(difference: d, variance: v) - log(lambda)) < 1e-12)
        #expect(abs(test.pValue(difference: d, variance: v) - min(1, 1 / lambda)) < 1e-12)
        let half = ((v * (v + t) / t) * (2 * log(20.0) + log((v + t) / v))).squareRoot()
        #expect(abs(test.halfWidth(variance: v) - half) < 1e-15)
        #expect(SequentialTest.runningPValue(previous: 0.3, current: 0.7) == 0.3)
        #expect(SequentialTest.runningPValue(previous: 0.3, current: 0.1) == 0.1)
    }

    @Test(arguments: [1e-5, 1e-4, 1e-3, 1e-2])
    func zeroOutsideTheIntervalExactlyWhenRejected(variance: Double) {
        let half = test.halfWidth(variance: variance)
        for factor in [0.5, 0.9, 0.999, 1.001, 1.1, 2.0] {
            let difference = half * factor
            let interval = test.confidenceInterval(difference: difference, variance: variance)
            let rejected = test.rejects(pValue: test.pValue(difference: difference, variance: variance))
            #expect(rejected == !interval.contains(0), "factor \(factor)")
            // The interval's ends are exactly the nulls at the edge of rejection.
            let atEdge = test.logLikelihoodRatio(difference: difference, variance: variance, nullValue: interval.lower)
            #expect(abs(atEdge - log(20.0)) < 1e-9)
        }
    }

    @Test func intervalContainsTheEstimateAndShrinksWithN() throws {
        var widths: [Double] = []
        for n in [500, 2000, 8000, 32_000] {
            let champion = Fixtures.varied(n: n, seed: 10)
            let challenger = Fixtures.varied(n: n, seed: 11, shift: 0.02)
            let result = try #require(test.evaluate(metric: .logLoss, champion: champion, challenger: challenger))
            #expect(result.interval.contains(result.difference))
            #expect(abs((result.interval.lower + result.interval.upper) / 2 - result.difference) < 1e-12)
            widths.append(result.interval.width)
        }
        for i in 1..<widths.count { #expect(widths[i] < widths[i - 1], "\(widths)") }
    }

    @Test func noEvidenceWithoutDataOrVariance() {
        let empty = ArmStatistics()
        let some = Fixtures.varied(n: 100, seed: 1)
        #expect(test.evaluate(metric: .logLoss, champion: empty, challenger: some) == nil)
        let one = Fixtures.arm(n: 1, probability: 0.3)
        #expect(test.evaluate(metric: .logLoss, champion: one, challenger: some) == nil)
        // No clicks on either side: no CTR variance.
        let noClicks = Fixtures.arm(n: 100, probability: 0.1, clickEvery: 1000)
        var noClicksAtAll = ArmStatistics()
        for _ in 0..<100 { noClicksAtAll.record(label: false, probability: 0.1) }
        #expect(noClicks.clicks == 1)
        #expect(test.evaluate(metric: .ctr, champion: noClicksAtAll, challenger: noClicksAtAll) == nil)
        #expect(MetricVerdict(runningInterval: nil, metric: .logLoss) == .insufficientData)
    }

    @Test func intersectionOfIntervals() {
        let a = ConfidenceInterval(lower: -1, upper: 2)
        let b = ConfidenceInterval(lower: 0.5, upper: 3)
        #expect(a.intersection(b) == ConfidenceInterval(lower: 0.5, upper: 2))
        #expect(a.intersection(ConfidenceInterval(lower: 2.5, upper: 3)) == nil)
    }
}
