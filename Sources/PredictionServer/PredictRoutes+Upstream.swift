import CanaryRollout
import ExternalModels

extension PredictRoutes {
    /// Scores rows laid out for the champion when an upstream answers for an arm (an external
    /// version): the same routing, recording and fallback as `predict(_:rows:unitID:)`, with
    /// the upstream's latency and failures counted against its arm for the guardrails. A failing
    /// external challenger falls back to the champion; a failing external champion is a 502.
    /// Models without an external arm take the synchronous path.
    func predictAny(_ served: ServedModel, rows: RequestRows, unitID: String?) async throws(APIError) -> Answer {
        guard served.hasExternalArm else { return predict(served, rows: rows, unitID: unitID) }
        let champion = served.champion
        guard let rollout = served.rollout, let challenger = served.challenger, challenger.featureNames == champion.featureNames else {
            if let rollout = served.rollout, served.challenger != nil {
                recorder.recordError(rollout.id, step: rollout.state.stepIndex, arm: .challenger)
            }
            return Answer(requestID: RequestID.make(), version: champion, arm: "champion", scores: try await Self.scores(champion, rows))
        }
        var generator = SystemRandomNumberGenerator()
        let route = rollout.state.route(plan: rollout.plan, unitID: unitID, using: &generator)
        let step = rollout.state.stepIndex
        func score(_ arm: Arm) async -> Result<[Float], APIError> {
            let version = served.version(arm)
            let started = ContinuousClock.now
            let result: Result<[Float], APIError>
            do { result = .success(try await Self.scores(version, rows)) } catch { result = .failure(error) }
            guard case .success(let scores) = result, scores.allSatisfy(\.isFinite) else {
                recorder.recordError(rollout.id, step: step, arm: arm)
                return result
            }
            let seconds = Double((ContinuousClock.now - started).nanoseconds) / 1e9
            recorder.recordPrediction(
                rollout.id, step: step, arm: arm, latencySeconds: seconds, scores: scores, scoreProfile: version.scoreProfile)
            return result
        }
        var arm = route.answering
        var result = await score(arm)
        if arm == .challenger, (try? result.get())?.allSatisfy(\.isFinite) != true {
            arm = .champion
            result = await score(.champion)
        }
        var answer = Answer(requestID: RequestID.make(), version: served.version(arm), arm: arm.rawValue, scores: try result.get())
        answer.rolloutID = rollout.id
        answer.step = step
        if let shadow = route.shadow, shadow != arm, case .success(let shadowScores) = await score(shadow),
            shadowScores.allSatisfy(\.isFinite)
        {
            answer.shadowArm = shadow.rawValue
            answer.shadowScores = shadowScores
        }
        return answer
    }

    /// One version's scores; an upstream's failure is a 502 naming the version.
    static func scores(_ version: ServedVersion, _ rows: RequestRows) async throws(APIError) -> [Float] {
        do {
            return try await version.score(rows)
        } catch {
            throw .badGateway("\(version.reference) (external) did not answer: \(error)")
        }
    }
}
