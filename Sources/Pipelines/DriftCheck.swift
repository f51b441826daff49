import DriftMetrics
import DriftMonitor
import Foundation
import ModelRegistry
import ModelRuntime
import PipelineSpec

/// The drift trigger's question: has the champion's live traffic over the last window moved
/// past the pipeline's threshold? Uses the counts the servers store (`drift_counts`), so its
/// cost depends on windows × features × bins, never on traffic.
enum DriftCheck {
    struct Finding: Sendable {
        let version: Int
        let rows: Int
        let maxPSI: Double
        let worstFeature: String?
        let verdict: Verdict
        let fires: Bool
    }

    static func evaluate(_ trigger: DriftTrigger, model: String, environment: PipelineEnvironment, now: Int64) throws -> Finding? {
        guard let loaded = try? ModelLoader.load("\(model)@champion", registry: { environment.registry }),
            let version = loaded.version, let profile = loaded.profile
        else { return nil }
        guard
            let summary = try LiveDriftService(registry: environment.registry)
                .report(model: model, version: version.version, profile: profile, from: now - trigger.windowSeconds * 1000, to: now + 1)
        else { return Finding(version: version.version, rows: 0, maxPSI: 0, worstFeature: nil, verdict: .stable, fires: false) }
        let report = summary.report
        let fires: Bool =
            switch trigger.threshold {
            case .significant: report.overall.verdict == .significant
            case .moderate: report.overall.verdict >= .moderate
            case .psi(let limit): report.overall.maxPSI >= limit
            }
        return Finding(
            version: version.version, rows: summary.rows, maxPSI: report.overall.maxPSI,
            worstFeature: report.overall.worstFeature, verdict: report.overall.verdict, fires: fires)
    }
}
