import ArtifactArchive
import DriftMetrics
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import Synchronization
import Testing

@testable import Dashboard

/// The models page's drift badges: computed in the request only the first time; afterwards an
/// aged badge is shown at once and recomputed in the background.
@Suite struct DriftBadgesTests {
    @Test func anAgedBadgeIsShownWhileItIsRecomputedInTheBackground() async throws {
        let database = try TestBackend.sqlite.makeDatabase()
        let registry = Registry(database: database, artifacts: try ArtifactStore(root: try TemporaryDirectory.make(prefix: "badges")))
        let looks = Mutex(0)
        let services = DashboardServices(registry: registry) { _, _ in
            looks.withLock { $0 += 1 }
            return nil
        }
        let badges = DriftBadges(lifetimeMilliseconds: 0)

        let first = badges.badge(model: "ctr", version: 1, services: services, now: 1_000)
        #expect(first.badge.text == "no profile" && first.computedAt == 1_000)
        #expect(looks.withLock { $0 } == 1, "a version never seen is computed in the request")

        let second = badges.badge(model: "ctr", version: 1, services: services, now: 5_000)
        #expect(second.computedAt == 1_000, "the aged badge is shown as it was")
        for _ in 0..<400 where looks.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(looks.withLock { $0 } == 2, "and recomputed in the background")
        for _ in 0..<400 {
            if badges.badge(model: "ctr", version: 1, services: services, now: 0).computedAt != 1_000 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(badges.badge(model: "ctr", version: 1, services: services, now: 0).computedAt > 1_000, "the new badge replaces the old")
    }
}
