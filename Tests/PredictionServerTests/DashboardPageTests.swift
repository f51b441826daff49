import AccessControl
import DriftMonitor
import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import ModelRegistry
import ModelRuntime
import PipelineRuns
import PipelineSpec
import Pipelines
import RolloutControl
import Testing

@testable import PredictionServer

/// Every dashboard page rendered by the real server from a seeded store (both backends): what
/// each page must show, its security headers, escaping, and failures as pages.
@Suite(.serialized) struct DashboardPageTests {
    /// The fixture's store with drift counts for the champion, a rollout of v2 with a few
    /// decisions, and a pipeline run whose command step failed (its job in the dead letter).
    static func seeded(_ backend: TestBackend, access: AccessPolicy = .off) async throws -> ServerFixture {
        let f = try ServerFixture(backend, access: access)
        try f.registry.updateModel("ctr", description: "Click-through <b>rate</b> & friends")
        let profile = try #require(try ModelLoader.loadProfile(inDirectory: try ServerFixture.sharedModels.get()[0]))
        var counts = LiveCounts(zerosFor: profile)
        for name in profile.featureNames {
            var series = counts.features[name]!
            // The last bin counts missing values: none here.
            for bin in series.bins.indices.dropLast() { series.bins[bin] = name == "f0" ? (bin == 0 ? 900 : 10) : 100 }
            counts.features[name] = series
        }
        let now = Clock.nowMilliseconds()
        try DriftCountStore(database: f.database).add(
            counts, model: "ctr", version: 1, windowStart: now - now % 3_600_000, windowSeconds: 3600, at: now)
        _ = try RolloutController(registry: f.registry).start(model: "ctr", challenger: 2, plan: .init(), actor: "alice")
        try await Self.failingRun(f)
        return f
    }

    /// Runs a pipeline whose only step fails at once, so a failed run and a dead job exist.
    static func failingRun(_ f: ServerFixture) async throws {
        let dir = f.work + "/pipelines"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        name: nightly
        model: ctr
        steps:
          - command: { run: ["/bin/sh", "-c", "echo the source is away >&2; exit 3"], retries: 0 }
        """.write(toFile: dir + "/nightly.yaml", atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader.load(file: dir + "/nightly.yaml")
        let queue = JobQueue(database: f.database)
        _ = try queue.enqueue(try PipelineJobs.startJob(pipeline, trigger: .manual, slot: nil), now: Clock.nowMilliseconds())
        let environment = PipelineEnvironment(database: f.database, registry: f.registry, runsRoot: f.work + "/runs")
        let worker = JobWorker(
            queue: queue, handlers: PipelineJobs.handlers(environment),
            configuration: JobWorkerConfiguration(
                queues: [PipelineJobs.defaultQueue], concurrency: 1, pollMilliseconds: 20,
                retryPolicy: RetryPolicy(baseMilliseconds: 10, capMilliseconds: 20), untilIdle: true),
            logger: Logger(label: "test.dashboard"))
        _ = try await worker.runUntilDone()
    }

    @Test(arguments: TestBackend.available)
    func everyPageRendersTheSeededStore(backend: TestBackend) async throws {
        let f = try await Self.seeded(backend)
        let port = try await f.start()
        let browser = DashboardBrowser(port: port)

        let models = try await browser.get("/")
        #expect(models.status == 200)
        #expect(models.headers["content-type"] == "text/html; charset=utf-8")
        #expect(models.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(models.headers["server-timing"]?.hasPrefix("render;dur=") == true)
        #expect(models.body.contains("href=\"/ui/models/ctr\">ctr</a>"))
        #expect(models.body.contains("<span class=\"chip champion\">v1</span>"))
        #expect(models.body.contains("canary 5%"), "the running rollout's badge")
        #expect(models.body.contains("significant"), "f0's live counts drifted")
        #expect(models.body.contains("Click-through &lt;b&gt;rate&lt;/b&gt; &amp; friends"), "descriptions are escaped")
        #expect(!models.body.contains("<b>rate</b>"))

        let model = try await browser.get("/ui/models/ctr")
        #expect(model.status == 200)
        #expect(model.body.contains("<th scope=\"row\">v2</th>") && model.body.contains("<th scope=\"row\">v1</th>"))
        #expect(model.body.contains("alias challenger → v2"), "the rollout set the challenger alias")
        #expect(model.body.contains("champion v1") && model.body.contains("“first”"), "the promotion and its reason in the history")
        #expect(model.body.contains("href=\"/ui/models/ctr/promote?version=2\">Promote…</a>"), "with access control off, everyone may promote")

        let rollout = try await browser.get("/ui/models/ctr/rollout")
        #expect(rollout.status == 200)
        #expect(rollout.body.contains("Rollout of ctr: v1 → v2"))
        #expect(rollout.body.contains("<meta http-equiv=\"refresh\" content=\"30\">"), "a running canary's page reloads itself")
        #expect(!model.body.contains("http-equiv=\"refresh\""), "pages with forms do not")
        #expect(rollout.body.contains("<svg class=\"chart\" role=\"img\""), "the weight chart")
        #expect(rollout.body.contains("aria-current=\"step\">1. 5%"), "step 1 of 5 → 20 → 100 is current")
        #expect(rollout.body.contains("started") && rollout.body.contains("alice"), "the decision log")
        #expect(rollout.body.contains("challenger error rate"), "the guardrails")

        let drift = try await browser.get("/ui/models/ctr/drift")
        #expect(drift.status == 200)
        #expect(drift.body.contains("Drift of ctr v1"))
        let firstRow = try #require(drift.body.range(of: "<tbody><tr"))
        #expect(drift.body[firstRow.upperBound...].prefix(200).contains(">f0</a>"), "the most drifted feature first")
        #expect(drift.body.contains("f0: reference vs live") && drift.body.contains("f0: PSI per window"))
        let other = try await browser.get("/ui/models/ctr/drift?feature=f2&since=7d")
        #expect(other.body.contains("f2: reference vs live") && other.body.contains("aria-current=\"true\">7 d</a>"))

        let pipelines = try await browser.get("/ui/pipelines")
        #expect(pipelines.status == 200)
        #expect(pipelines.body.contains("nightly") && pipelines.body.contains(">failed</span>"))
        #expect(pipelines.body.contains("exit"), "the failed step's error")
        #expect(pipelines.body.contains("/retry\""), "retry is offered (access control is off)")

        let css = try await browser.get("/ui/assets/dashboard.css")
        #expect(css.status == 200 && css.headers["content-type"] == "text/css; charset=utf-8" && css.body.contains("prefers-color-scheme: dark"))
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func failuresAreClearPages(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        let browser = DashboardBrowser(port: port)
        let missing = try await browser.get("/ui/models/nope")
        #expect(missing.status == 404 && missing.body.contains("nope"))
        let models = try await browser.get("/")
        #expect(models.body.contains("<td><span class=\"muted\">none</span></td>"), "no challenger, no canary")
        let noRollout = try await browser.get("/ui/models/ctr/rollout")
        #expect(noRollout.status == 200 && noRollout.body.contains("has never had a rollout"))
        let noTraffic = try await browser.get("/ui/models/ctr/drift?since=1h")
        #expect(noTraffic.status == 200 && noTraffic.body.contains("No live traffic of ctr v1"))
        let empty = try await browser.get("/ui/pipelines")
        #expect(empty.body.contains("No pipeline runs yet") && empty.body.contains("The dead letter is empty"))
        let badVersion = try await browser.get("/ui/models/ctr/promote?version=99")
        #expect(badVersion.status == 404, "\(badVersion.status)")
        await f.stop()
    }
}
