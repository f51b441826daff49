import CanaryRollout
import Testing

@Suite struct AssignmentTests {
    /// Golden values computed by an independent implementation (Python) of the documented rule.
    /// If one of these changes, every running rollout reshuffles its units: never change them.
    @Test(arguments: [
        ("ctr-2026-11-25", "user-42", UInt64(0x00C7_CD9D_2D53_4FB4), 4708),
        ("", "", UInt64(0x25FC_6DD3_6CE0_4B20), 4608),
        ("salt", "ünït-日本", UInt64(0x7504_450D_CD0D_DFA6), 1030),
        ("ab", "c", UInt64(0x9291_F5E7_171D_C35A), 794),
        ("a", "bc", UInt64(0x82A1_4482_6E72_D59E), 4094),
    ])
    func goldenHash(salt: String, unitID: String, hash: UInt64, bucket: Int) {
        #expect(CanaryAssignment.hash(salt: salt, unitID: unitID) == hash)
        #expect(CanaryAssignment.bucket(salt: salt, unitID: unitID) == bucket)
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        var generator = CanarySplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
        var unit = CanarySplitMix64(seed: 7)
        for _ in 0..<1000 {
            let u = unit.nextUnit()
            #expect(u >= 0 && u < 1)
        }
    }

    @Test func sameUnitSameArmEveryTime() {
        for i in 0..<2000 {
            let unit = "user-\(i)"
            let first = CanaryAssignment.arm(salt: "rollout-1", unitID: unit, weightPercent: 20)
            for _ in 0..<3 {
                #expect(CanaryAssignment.arm(salt: "rollout-1", unitID: unit, weightPercent: 20) == first)
            }
            var generator = CanarySplitMix64(seed: UInt64(i))
            #expect(CanaryAssignment.arm(salt: "rollout-1", unitID: unit, weightPercent: 20, using: &generator) == first)
        }
    }

    @Test func bucketsNestAcrossSteps() {
        var atFive = 0
        for i in 0..<20_000 {
            let unit = "device-\(i)"
            let five = CanaryAssignment.arm(salt: "nest", unitID: unit, weightPercent: 5)
            let twenty = CanaryAssignment.arm(salt: "nest", unitID: unit, weightPercent: 20)
            let hundred = CanaryAssignment.arm(salt: "nest", unitID: unit, weightPercent: 100)
            if five == .challenger {
                atFive += 1
                #expect(twenty == .challenger)
            }
            if twenty == .challenger { #expect(hundred == .challenger) }
            #expect(hundred == .challenger)
            #expect(CanaryAssignment.arm(salt: "nest", unitID: unit, weightPercent: 0) == .champion)
        }
        #expect(atFive > 0)
    }

    @Test(arguments: [5.0, 20.0, 50.0])
    func splitIsWithinOnePercentOfTheWeight(weight: Double) {
        let units = 100_000
        var challengers = 0
        for i in 0..<units where CanaryAssignment.arm(salt: "split-check", unitID: "u\(i)", weightPercent: weight) == .challenger {
            challengers += 1
        }
        let share = Double(challengers) / Double(units) * 100
        #expect(abs(share - weight) <= 1, "share \(share)% at weight \(weight)%")
    }

    @Test func differentSaltsGiveIndependentSplits() {
        var both = 0
        for i in 0..<20_000 {
            let a = CanaryAssignment.arm(salt: "rollout-a", unitID: "u\(i)", weightPercent: 50)
            let b = CanaryAssignment.arm(salt: "rollout-b", unitID: "u\(i)", weightPercent: 50)
            if a == .challenger && b == .challenger { both += 1 }
        }
        #expect(abs(Double(both) / 20_000 - 0.25) < 0.02)
    }

    @Test func requestsWithoutUnitDrawFromTheGenerator() {
        var first = CanarySplitMix64(seed: 99)
        var second = CanarySplitMix64(seed: 99)
        var challengers = 0
        for _ in 0..<20_000 {
            let a = CanaryAssignment.arm(salt: "s", unitID: nil, weightPercent: 20, using: &first)
            let b = CanaryAssignment.arm(salt: "s", unitID: nil, weightPercent: 20, using: &second)
            #expect(a == b)
            if a == .challenger { challengers += 1 }
        }
        #expect(abs(Double(challengers) / 20_000 - 0.20) < 0.015)
    }

    @Test func challengerBucketsRoundToTheHundredthOfAPercent() {
        #expect(CanaryAssignment.challengerBuckets(weightPercent: 5) == 500)
        #expect(CanaryAssignment.challengerBuckets(weightPercent: 0.1) == 10)
        #expect(CanaryAssignment.challengerBuckets(weightPercent: 12.345) == 1235)
        #expect(CanaryAssignment.challengerBuckets(weightPercent: 100) == 10_000)
        #expect(CanaryAssignment.challengerBuckets(weightPercent: 250) == 10_000)
        #expect(CanaryAssignment.challengerBuckets(weightPercent: -3) == 0)
        #expect(CanaryAssignment.challengerBuckets(weightPercent: .nan) == 0)
        #expect(CanaryAssignment.arm(bucket: 499, weightPercent: 5) == .challenger)
        #expect(CanaryAssignment.arm(bucket: 500, weightPercent: 5) == .champion)
    }

    @Test func routesFollowTheTable() {
        #expect(CanaryRoute(bucket: 10, weightPercent: 5, shadowMode: false) == CanaryRoute(answering: .challenger))
        #expect(CanaryRoute(bucket: 9000, weightPercent: 5, shadowMode: false) == CanaryRoute(answering: .champion))
        #expect(
            CanaryRoute(bucket: 9000, weightPercent: 100, shadowMode: false)
                == CanaryRoute(answering: .challenger, shadow: .champion))
        for bucket in [0, 499, 5000, 9999] {
            let shadow = CanaryRoute(bucket: bucket, weightPercent: 5, shadowMode: true)
            #expect(shadow.answering == .champion)
            #expect(shadow.scored == [.champion, .challenger])
        }
        // Shadow mode: the challenger scores every unit and answers none.
        for i in 0..<500 {
            let unit = "u\(i)"
            #expect(CanaryAssignment.answeringArm(salt: "s", unitID: unit, weightPercent: 50, shadow: true) == .champion)
            #expect(CanaryAssignment.scoredArms(salt: "s", unitID: unit, weightPercent: 50, shadow: true) == [.champion, .challenger])
            let live = CanaryAssignment.arm(salt: "s", unitID: unit, weightPercent: 50)
            #expect(CanaryAssignment.answeringArm(salt: "s", unitID: unit, weightPercent: 50, shadow: false) == live)
            #expect(CanaryAssignment.scoredArms(salt: "s", unitID: unit, weightPercent: 50, shadow: false) == [live])
        }
        var generator = CanarySplitMix64(seed: 1)
        let route = CanaryAssignment.route(salt: "s", unitID: "u1", weightPercent: 50, shadow: false, using: &generator)
        #expect(route.answering == CanaryAssignment.arm(salt: "s", unitID: "u1", weightPercent: 50))
        #expect(generator == CanarySplitMix64(seed: 1))  // a unit id draws nothing
    }
}
