import DriftMetrics
import Foundation
import Testing

@Suite struct DriftMeasuresTests {
    // reference [50, 30, 20] → e = [0.5, 0.3, 0.2]; current [30, 30, 40] → a = [0.3, 0.3, 0.4].
    static let reference = [50, 30, 20]
    static let current = [30, 30, 40]

    @Test func psiByHand() throws {
        // (0.3−0.5)·ln(0.3/0.5) + (0.3−0.3)·ln(1) + (0.4−0.2)·ln(0.4/0.2) = 0.2·ln(5/3) + 0.2·ln 2
        let expected = 0.2 * log(5.0 / 3.0) + 0.2 * log(2.0)
        let psi = try DriftMeasures.psi(reference: Self.reference, current: Self.current)
        #expect(abs(psi - expected) < 1e-12)
        #expect(abs(psi - 0.2407945609) < 1e-9)
    }

    @Test func klByHand() throws {
        // 0.3·ln(0.3/0.5) + 0.3·ln(1) + 0.4·ln(0.4/0.2)
        let expected = 0.3 * log(0.6) + 0.4 * log(2.0)
        let kl = try DriftMeasures.kl(reference: Self.reference, current: Self.current)
        #expect(abs(kl - expected) < 1e-12)
        #expect(abs(kl - 0.1240112) < 1e-6)
    }

    @Test func jsByHand() throws {
        // m = [0.4, 0.3, 0.3]
        // Σ a·ln(a/m) = 0.3·ln(0.3/0.4) + 0 + 0.4·ln(0.4/0.3)
        // Σ e·ln(e/m) = 0.5·ln(0.5/0.4) + 0 + 0.2·ln(0.2/0.3)
        let sumA = 0.3 * log(0.75) + 0.4 * log(4.0 / 3.0)
        let sumE = 0.5 * log(1.25) + 0.2 * log(2.0 / 3.0)
        let js = try DriftMeasures.js(reference: Self.reference, current: Self.current)
        #expect(abs(js - (0.5 * sumA + 0.5 * sumE)) < 1e-12)
        #expect(abs(js - 0.0296235) < 1e-6)
    }

    @Test func jsUsesRawProportionsWithZeroLogZero() throws {
        // e = [1, 0], a = [0, 1]: m = [0.5, 0.5]; JS = ½·1·ln 2 + ½·1·ln 2 = ln 2 (its maximum).
        let js = try DriftMeasures.js(reference: [10, 0], current: [0, 7])
        #expect(abs(js - log(2.0)) < 1e-15)
    }

    @Test func identicalDataGivesZero() throws {
        for counts in [[1, 2, 3], [0, 5, 0, 9], [1000]] {
            #expect(try DriftMeasures.psi(reference: counts, current: counts) == 0)
            #expect(try DriftMeasures.kl(reference: counts, current: counts) == 0)
            #expect(try DriftMeasures.js(reference: counts, current: counts) == 0)
        }
        // Same proportions at different sizes are also exactly 0.
        #expect(try DriftMeasures.psi(reference: [1, 3], current: [100, 300]) == 0)
    }

    @Test func psiIsNonNegativeAndSymmetricKLIsNot() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bins = Int.random(in: 1...12, using: &generator)
            var r = (0..<bins).map { _ in Int.random(in: 0...50, using: &generator) }
            var c = (0..<bins).map { _ in Int.random(in: 0...50, using: &generator) }
            r[0] += 1
            c[0] += 1
            let forward = try DriftMeasures.psi(reference: r, current: c)
            let backward = try DriftMeasures.psi(reference: c, current: r)
            #expect(forward >= 0)
            #expect(abs(forward - backward) <= 1e-12 * max(1, forward))
        }
        let klForward = try DriftMeasures.kl(reference: Self.reference, current: Self.current)
        let klBackward = try DriftMeasures.kl(reference: Self.current, current: Self.reference)
        // KL(e‖a) = 0.5·ln(0.5/0.3) + 0.2·ln(0.2/0.4)
        #expect(abs(klBackward - (0.5 * log(5.0 / 3.0) + 0.2 * log(0.5))) < 1e-12)
        #expect(abs(klForward - klBackward) > 0.005)  // 0.1240 vs 0.1168
    }

    @Test func epsilonRuleWithoutRenormalization() throws {
        let p = DriftMeasures.proportions([10, 0])
        #expect(p == [1.0, 1e-4])
        #expect(p.reduce(0, +) > 1)
        #expect(DriftMeasures.rawProportions([10, 0]) == [1.0, 0.0])
        // e = [1, 1e-4], a = [0.5, 0.5]: (0.5−1)·ln(0.5) + (0.5−1e-4)·ln(0.5/1e-4)
        let expected = (0.5 - 1.0) * log(0.5) + (0.5 - 1e-4) * log(0.5 / 1e-4)
        let psi = try DriftMeasures.psi(reference: [10, 0], current: [5, 5])
        #expect(psi == expected)
        #expect(abs(psi - 4.6043191) < 1e-6)
        // A bin empty on both sides contributes exactly nothing.
        #expect(try DriftMeasures.psi(reference: [10, 0, 0], current: [5, 5, 0]) == psi)
    }

    @Test func badCountVectorsThrowNamedErrors() {
        #expect(throws: DriftError.binCountMismatch(feature: "age", expected: 2, actual: 3)) {
            try DriftMeasures.psi(reference: [1, 2], current: [1, 2, 3], feature: "age")
        }
        #expect(throws: DriftError.emptyReference(feature: "age")) {
            try DriftMeasures.psi(reference: [0, 0], current: [1, 2], feature: "age")
        }
        #expect(throws: DriftError.emptyCurrent(feature: "age")) {
            try DriftMeasures.kl(reference: [1, 0], current: [0, 0], feature: "age")
        }
        #expect(throws: DriftError.negativeCount(feature: "age", bin: 1)) {
            try DriftMeasures.js(reference: [1, -1], current: [1, 1], feature: "age")
        }
        #expect(DriftError.emptyReference(feature: "age").description.contains("'age'"))
    }

    @Test func verdictBoundaries() {
        let t = DriftThresholds()
        #expect(t.verdict(psi: 0) == .stable)
        #expect(t.verdict(psi: 0.0999999) == .stable)
        #expect(t.verdict(psi: 0.1) == .moderate)
        #expect(t.verdict(psi: 0.2499999) == .moderate)
        #expect(t.verdict(psi: 0.25) == .significant)
        #expect(t.verdict(psi: 7) == .significant)
        let custom = DriftThresholds(moderate: 0.2, significant: 0.5)
        #expect(custom.verdict(psi: 0.1) == .stable)
        #expect(custom.verdict(psi: 0.3) == .moderate)
        #expect(custom.verdict(psi: 0.5) == .significant)
        #expect(Verdict.stable < .moderate && Verdict.moderate < .significant)
    }
}
