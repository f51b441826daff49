/// What the router does with one request: which arm answers, and which other arm (if any)
/// scores the same request in the background ("shadow") so that its prediction enters the
/// statistics without ever reaching the caller.
///
/// | situation                         | answering              | shadow     |
/// |-----------------------------------|------------------------|------------|
/// | weight < 100 %                    | the bucket's arm       | none       |
/// | weight = 100 %                    | challenger             | champion   |
/// | shadow mode (`RolloutPlan.shadow`)| champion               | challenger |
///
/// At 100 % the champion is scored in shadow so the last step still has a control to compare
/// with (otherwise the champion arm would get no data and the step could never pass). In shadow
/// mode the weight is ignored: the challenger scores all traffic and never answers.
///
/// A challenger that throws or times out never fails the request: the champion answers instead,
/// the challenger's statistics count an error, and the fallback answer enters neither arm's
/// comparison.
public struct CanaryRoute: Sendable, Equatable {
    /// The arm whose prediction is returned to the caller.
    public var answering: Arm
    /// The arm that also scores the request, off the response path; nil when only one arm runs.
    public var shadow: Arm?

    /// A route given explicitly.
    public init(answering: Arm, shadow: Arm? = nil) {
        self.answering = answering
        self.shadow = shadow
    }

    /// The route for a request in `bucket` at `weightPercent` (see the table above).
    public init(bucket: Int, weightPercent: Double, shadowMode: Bool) {
        if shadowMode {
            self.init(answering: .champion, shadow: .challenger)
            return
        }
        let challengerBuckets = CanaryAssignment.challengerBuckets(weightPercent: weightPercent)
        if challengerBuckets >= CanaryAssignment.bucketCount {
            self.init(answering: .challenger, shadow: .champion)
        } else {
            self.init(answering: bucket < challengerBuckets ? .challenger : .champion)
        }
    }

    /// Every arm that scores the request: the answering arm first, then the shadow arm.
    public var scored: [Arm] {
        if let shadow { return [answering, shadow] }
        return [answering]
    }
}
