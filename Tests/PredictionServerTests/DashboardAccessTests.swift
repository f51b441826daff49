import AccessControl
import CanaryRollout
import Foundation
import JobQueue
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import ModelRegistry
import RolloutControl
import Testing

@testable import PredictionServer

/// Signing in to the dashboard and changing things through its forms, with access control on:
/// the cookie's attributes, each role on each form, CSRF and Origin checks, a token revoked
/// mid-session, protected reads, and the token's name as the actor.
@Suite(.serialized) struct DashboardAccessTests {
    @Test(arguments: TestBackend.available)
    func signingInSetsAStrictHttpOnlyCookieAndABadTokenIsRefused(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let secret = try TokenStore(database: f.database).create(name: "alice", role: .deployer).secret
        let port = try await f.start()
        var browser = DashboardBrowser(port: port)

        let login = try await browser.get("/ui/login?next=%2Fui%2Fmodels%2Fctr")
        #expect(login.status == 200 && login.body.contains("type=\"password\"") && login.body.contains("value=\"/ui/models/ctr\""))
        let wrong = try await browser.signIn("mlops_not-a-real-token")
        #expect(wrong.status == 401 && wrong.body.contains("unknown or revoked") && wrong.headers["set-cookie"] == nil)
        let foreign = try await browser.post("/ui/login", [("token", secret)], origin: "http://evil.example")
        #expect(foreign.status == 403 && foreign.headers["set-cookie"] == nil, "a login form posted from another site")

        let ok = try await browser.signIn(secret)
        #expect(ok.status == 303 && ok.headers["location"] == "/?done=signed-in")
        let cookie = try #require(ok.headers["set-cookie"])
        #expect(cookie.hasPrefix("mlops_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
        #expect(!cookie.contains(secret), "the cookie holds a session id, never the token")
        let page = try await browser.get("/")
        #expect(page.body.contains("Signed in as <strong>alice</strong> (deployer)"))

        let metrics = try await LoopbackHTTP.fetch(port: port, "GET", "/metrics")
        #expect(metrics.body.contains("mlops_auth_failures_total{reason=\"invalid\"} 1"), "\(metrics.body)")

        let csrf = try #require(DashboardBrowser.csrf(in: page.body))
        let out = try await browser.post("/ui/logout", [("csrf", csrf)])
        #expect(out.status == 303 && out.headers["set-cookie"]?.contains("Max-Age=0") == true)
        let after = try await browser.get("/")
        #expect(after.body.contains(">Sign in</a>"), "the signed-out session no longer counts")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func promotingNeedsADeployerTheSessionsCSRFTokenAndThisSite(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let tokens = TokenStore(database: f.database)
        let reader = try tokens.create(name: "viewer", role: .reader).secret
        let deployer = try tokens.create(name: "release-bot", role: .deployer).secret
        let port = try await f.start()
        let form = [("version", "2"), ("reason", "better holdout AUC")]

        let anonymous = DashboardBrowser(port: port)
        let page = try await anonymous.get("/ui/models/ctr")
        #expect(!page.body.contains("Promote…") && page.body.contains("Sign in with a deployer token"))
        #expect(try await anonymous.get("/ui/models/ctr/promote?version=2").status == 401)
        #expect(try await anonymous.post("/ui/models/ctr/promote", form).status == 401)

        var readerBrowser = DashboardBrowser(port: port)
        try await readerBrowser.signIn(reader)
        let readerCSRF = try #require(DashboardBrowser.csrf(in: try await readerBrowser.get("/").body))
        #expect(try await readerBrowser.post("/ui/models/ctr/promote", [("csrf", readerCSRF)] + form).status == 403)

        var browser = DashboardBrowser(port: port)
        try await browser.signIn(deployer)
        let confirm = try await browser.get("/ui/models/ctr/promote?version=2")
        #expect(confirm.status == 200 && confirm.body.contains("Promote ctr v2") && confirm.body.contains("required"))
        let csrf = try #require(DashboardBrowser.csrf(in: confirm.body))
        #expect(try await browser.post("/ui/models/ctr/promote", form).status == 403, "no CSRF token")
        #expect(try await browser.post("/ui/models/ctr/promote", [("csrf", "forged")] + form).status == 403, "a wrong CSRF token")
        #expect(try await browser.post("/ui/models/ctr/promote", [("csrf", csrf)] + form, origin: "http://evil.example").status == 403)
        #expect(try await browser.post("/ui/models/ctr/promote", [("csrf", csrf), ("version", "2")]).status == 400, "no reason")
        #expect(try f.registry.model("ctr").aliases["champion"] == 1, "nothing refused changed anything")

        let done = try await browser.post("/ui/models/ctr/promote", [("csrf", csrf)] + form)
        #expect(done.status == 303 && done.headers["location"] == "/ui/models/ctr?done=promoted")
        #expect(try f.registry.model("ctr").aliases["champion"] == 2)
        let event = try #require(try f.registry.history(model: "ctr").last)
        #expect(event.kind == .promoted && event.actor == "release-bot" && event.reason == "better holdout AUC")
        let notice = try await browser.get("/ui/models/ctr?done=promoted")
        #expect(notice.body.contains("role=\"status\">Promoted."))

        let rollback = try await browser.get("/ui/models/ctr/rollback")
        #expect(rollback.status == 200 && rollback.body.contains("Roll back ctr to v1"))
        let back = try await browser.post("/ui/models/ctr/rollback", [("csrf", csrf), ("reason", "latency")])
        #expect(back.status == 303)
        #expect(try f.registry.model("ctr").aliases["champion"] == 1)
        #expect(try f.registry.history(model: "ctr").last?.actor == "release-bot")
        await f.stop()
    }

    /// Each confirmation page's form, submitted as rendered (its own hidden fields, no token
    /// added by the test), goes through: the form carries the session's CSRF token.
    @Test(arguments: TestBackend.available)
    func confirmationFormsSubmittedAsRenderedGoThrough(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let deployer = try TokenStore(database: f.database).create(name: "ops", role: .deployer).secret
        let port = try await f.start()
        var browser = DashboardBrowser(port: port)
        try await browser.signIn(deployer)
        let reason = [("reason", "checked in a browser")]

        let promote = try await browser.submit(
            try await browser.get("/ui/models/ctr/promote?version=2"), action: "/ui/models/ctr/promote", typed: reason)
        #expect(promote.status == 303, "\(promote.status): \(promote.body)")
        #expect(try f.registry.model("ctr").aliases["champion"] == 2)
        let rollback = try await browser.submit(try await browser.get("/ui/models/ctr/rollback"), action: "/ui/models/ctr/rollback", typed: reason)
        #expect(rollback.status == 303, "\(rollback.status): \(rollback.body)")
        #expect(try f.registry.model("ctr").aliases["champion"] == 1)

        let controller = RolloutController(registry: f.registry)
        _ = try controller.start(model: "ctr", challenger: 2, plan: .init(), actor: "test")
        for (action, status) in [("pause", RolloutStatus.paused), ("resume", .running), ("promote", .promoted)] {
            let path = "/ui/models/ctr/rollout/\(action)"
            let done = try await browser.submit(try await browser.get(path), action: path, typed: reason)
            #expect(done.status == 303, "\(action): \(done.status): \(done.body)")
            #expect(try controller.status(model: "ctr")?.rollout.state.status == status, "\(action)")
        }
        _ = try controller.start(model: "ctr", challenger: 1, plan: .init(), actor: "test")
        let abort = try await browser.submit(
            try await browser.get("/ui/models/ctr/rollout/abort"), action: "/ui/models/ctr/rollout/abort", typed: reason)
        #expect(abort.status == 303, "\(abort.status): \(abort.body)")
        #expect(try controller.status(model: "ctr")?.rollout.state.status == .aborted)
        await f.stop()
    }

    /// Every form the dashboard posts, with a body a deployer's would carry.
    static let forms: [(path: String, fields: [(String, String)])] = [
        ("/ui/models/ctr/promote", [("version", "2"), ("reason", "r")]), ("/ui/models/ctr/rollback", [("reason", "r")]),
        ("/ui/models/ctr/rollout/pause", [("reason", "r")]), ("/ui/models/ctr/rollout/resume", [("reason", "r")]),
        ("/ui/models/ctr/rollout/promote", [("reason", "r")]), ("/ui/models/ctr/rollout/abort", [("reason", "r")]),
        ("/ui/jobs/1/retry", []), ("/ui/pipelines/weekly/run", []),
    ]

    @Test(arguments: TestBackend.available)
    func everyFormRefusesAnonymousReadersAndMissingCSRFTokensAndChangesNothing(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let tokens = TokenStore(database: f.database)
        let reader = try tokens.create(name: "viewer", role: .reader).secret
        let deployer = try tokens.create(name: "ops", role: .deployer).secret
        _ = try RolloutController(registry: f.registry).start(model: "ctr", challenger: 2, plan: .init(), actor: "test")
        let before = try f.registry.history(model: "ctr").count
        let port = try await f.start()
        let anonymous = DashboardBrowser(port: port)
        var readerBrowser = DashboardBrowser(port: port)
        try await readerBrowser.signIn(reader)
        let readerCSRF = try #require(DashboardBrowser.csrf(in: try await readerBrowser.get("/").body))
        var deployerBrowser = DashboardBrowser(port: port)
        try await deployerBrowser.signIn(deployer)
        for form in Self.forms {
            #expect(try await anonymous.post(form.path, form.fields).status == 401, "\(form.path) anonymous")
            #expect(try await readerBrowser.post(form.path, [("csrf", readerCSRF)] + form.fields).status == 403, "\(form.path) reader")
            #expect(try await deployerBrowser.post(form.path, form.fields).status == 403, "\(form.path) deployer without CSRF token")
        }
        #expect(try f.registry.history(model: "ctr").count == before, "no refused form changed the registry")
        #expect(try RolloutController(registry: f.registry).status(model: "ctr")?.rollout.state.status == .running)
        let metrics = try await LoopbackHTTP.fetch(port: port, "GET", "/metrics")
        #expect(metrics.body.contains("mlops_auth_failures_total{reason=\"csrf\"} \(Self.forms.count)"), "\(metrics.body)")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func aTokenRevokedMidSessionStopsAtOnce(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let tokens = TokenStore(database: f.database)
        let secret = try tokens.create(name: "ops", role: .deployer).secret
        let port = try await f.start()
        var browser = DashboardBrowser(port: port)
        try await browser.signIn(secret)
        let csrf = try #require(DashboardBrowser.csrf(in: try await browser.get("/ui/models/ctr").body))
        try tokens.revoke(name: "ops")
        let refused = try await browser.post("/ui/models/ctr/promote", [("csrf", csrf), ("version", "2"), ("reason", "x")])
        #expect(refused.status == 401, "\(refused.status)")
        #expect(try f.registry.model("ctr").aliases["champion"] == 1)
        #expect(try await browser.get("/").body.contains(">Sign in</a>"))
        #expect(try await browser.signIn(secret).status == 401)
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func rolloutControlsAndJobRetryGoThroughForms(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let secret = try TokenStore(database: f.database).create(name: "oncall", role: .deployer).secret
        _ = try RolloutController(registry: f.registry).start(model: "ctr", challenger: 2, plan: .init(), actor: "test")
        let queue = JobQueue(database: f.database)
        let job = try queue.enqueue(NewJob(queue: "misc", kind: "noop", payload: "{}", maxAttempts: 1), now: Clock.nowMilliseconds())
        let claimed = try #require(
            try queue.claim(queues: ["misc"], owner: "w", limit: 1, leaseMilliseconds: 60_000, now: Clock.nowMilliseconds()).first)
        _ = try queue.fail(claimed, owner: "w", error: "disk full", now: Clock.nowMilliseconds())
        #expect(try queue.job(id: job.id)?.state == .discarded)
        let port = try await f.start()
        var browser = DashboardBrowser(port: port)
        try await browser.signIn(secret)

        let page = try await browser.get("/ui/models/ctr/rollout")
        #expect(page.body.contains("href=\"/ui/models/ctr/rollout/pause\">Pause…</a>") && page.body.contains("Abort…"))
        let csrf = try #require(DashboardBrowser.csrf(in: page.body))
        let paused = try await browser.post("/ui/models/ctr/rollout/pause", [("csrf", csrf), ("reason", "")])
        #expect(paused.status == 303 && paused.headers["location"] == "/ui/models/ctr/rollout?done=paused")
        let status = try #require(try RolloutController(registry: f.registry).status(model: "ctr"))
        #expect(status.rollout.state.status == .paused && status.events.last?.actor == "oncall")
        #expect(try await browser.post("/ui/models/ctr/rollout/abort", [("csrf", csrf), ("reason", " ")]).status == 400, "abort needs a reason")
        #expect(try await browser.post("/ui/models/ctr/rollout/jump", [("csrf", csrf)]).status == 400)

        let jobs = try await browser.get("/ui/pipelines")
        #expect(jobs.body.contains("disk full") && jobs.body.contains("action=\"/ui/jobs/\(job.id)/retry\""))
        let retried = try await browser.post("/ui/jobs/\(job.id)/retry", [("csrf", csrf), ("next", "/ui/pipelines")])
        #expect(retried.status == 303)
        #expect(try queue.job(id: job.id)?.state == .available)
        let again = try await browser.post("/ui/jobs/\(job.id)/retry", [("csrf", csrf)])
        #expect(again.status == 409 && again.body.contains("retried"), "an available job cannot be retried: \(again.status)")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func aDeployerStartsAPipelineByHand(backend: TestBackend) async throws {
        let directory = try TemporaryDirectory.make(prefix: "dashboard-pipelines")
        try """
        name: weekly
        model: ctr
        schedule: "@weekly"
        steps:
          - command: { run: ["/bin/true"] }
        """.write(toFile: directory + "/weekly.yaml", atomically: true, encoding: .utf8)
        var configuration = ServerConfiguration(port: 0, pollSeconds: 0.2)
        configuration.pipelinesDirectory = directory
        let f = try ServerFixture(backend, configuration: configuration, access: AccessPolicy())
        let tokens = TokenStore(database: f.database)
        let reader = try tokens.create(name: "watcher", role: .reader).secret
        let deployer = try tokens.create(name: "oncall", role: .deployer).secret
        let port = try await f.start()

        var browser = DashboardBrowser(port: port)
        try await browser.signIn(reader)
        let seen = try await browser.get("/ui/pipelines")
        #expect(seen.body.contains("<th scope=\"row\">weekly</th>") && seen.body.contains("schedule @weekly") && !seen.body.contains("Run now"))
        #expect(try await browser.post("/ui/pipelines/weekly/run", [("csrf", DashboardBrowser.csrf(in: seen.body) ?? "")]).status == 403)

        try await browser.signIn(deployer)
        let page = try await browser.get("/ui/pipelines")
        let csrf = try #require(DashboardBrowser.csrf(in: page.body))
        #expect(page.body.contains("action=\"/ui/pipelines/weekly/run\""))
        let started = try await browser.post("/ui/pipelines/weekly/run", [("csrf", csrf)])
        #expect(started.status == 303 && started.headers["location"] == "/ui/pipelines?done=started")
        let jobs = try JobQueue(database: f.database).list(kind: "pipeline.start")
        #expect(jobs.count == 1 && jobs.first?.state == .available)
        #expect(try await browser.post("/ui/pipelines/nope/run", [("csrf", csrf)]).status == 400)
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func protectedReadsSendBrowsersToSignIn(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy(protectReads: true))
        let secret = try TokenStore(database: f.database).create(name: "reader", role: .reader).secret
        let port = try await f.start()
        var browser = DashboardBrowser(port: port)
        let page = try await browser.get("/ui/models/ctr?before=9")
        #expect(page.status == 303 && page.headers["location"] == "/ui/login?next=%2Fui%2Fmodels%2Fctr%3Fbefore%3D9")
        #expect(try await browser.get("/ui/login").status == 200, "the sign-in page stays open")
        try await browser.signIn(secret)
        let open = try await browser.get("/ui/models/ctr")
        #expect(open.status == 200 && !open.body.contains("Promote…"), "a reader sees, and cannot change")
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models").status == 401, "the JSON API still wants a bearer token")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func withAccessControlOffFormsNeedOnlyThisSite(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        let browser = DashboardBrowser(port: port)
        #expect(try await browser.get("/").body.contains("access control off"))
        #expect(try await browser.post("/ui/models/ctr/promote", [("version", "2"), ("reason", "x")], origin: "http://evil.example").status == 403)
        let done = try await browser.post("/ui/models/ctr/promote", [("version", "2"), ("reason", "lab")])
        #expect(done.status == 303)
        #expect(try f.registry.model("ctr").aliases["champion"] == 2)
        #expect(try f.registry.history(model: "ctr").last?.actor == "dashboard")
        await f.stop()
    }
}
