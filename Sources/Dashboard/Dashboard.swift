import AccessControl
import Foundation
import HTTPAccess
import HTTPTypes
import Hummingbird
import Logging
import MLOpsStore
import MLOpsTime

/// The web dashboard `mlops serve` shows at `/`: the models, a model, its rollout, its drift, its performance,
/// and the pipelines and jobs, rendered on the server (Mustache templates, inline SVG charts,
/// one stylesheet, no scripts, no external assets). Changes (promote, roll back, steer a
/// rollout, retry a job) need a deployer signed in with an API token: a session cookie
/// (HttpOnly, SameSite=Strict) and a CSRF token on every form.
public struct Dashboard: Sendable {
    /// How the dashboard checks who is looking, from the server's access policy.
    public struct Settings: Sendable {
        /// Off: everyone may change anything (forms still need a same-origin POST).
        public var accessEnabled: Bool
        /// Pages need a signed-in token too.
        public var protectReads: Bool
        /// Largest form body in bytes.
        public var maxBodyBytes: Int
        /// Always mark the session cookie `Secure` (it is whenever the request came over HTTPS,
        /// `X-Forwarded-Proto: https` included).
        public var secureCookies: Bool

        public init(accessEnabled: Bool = true, protectReads: Bool = false, maxBodyBytes: Int = 64 * 1024, secureCookies: Bool = false) {
            self.accessEnabled = accessEnabled
            self.protectReads = protectReads
            self.maxBodyBytes = maxBodyBytes
            self.secureCookies = secureCookies
        }
    }

    let services: DashboardServices
    let settings: Settings
    let renderer: PageRenderer
    let badges = DriftBadges()
    let logger: Logger
    /// Runs after a change so this replica serves it at once.
    let afterChange: @Sendable () async -> Void
    /// Counts a refused sign-in or change (`reason`: missing, invalid, forbidden, csrf).
    let countRefusal: @Sendable (String) -> Void

    public init(
        services: DashboardServices, settings: Settings = Settings(), logger: Logger = Logger(label: "mlops.dashboard"),
        afterChange: @escaping @Sendable () async -> Void = {}, countRefusal: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        self.services = services
        self.settings = settings
        self.renderer = try PageRenderer()
        self.logger = logger
        self.afterChange = afterChange
        self.countRefusal = countRefusal
    }

    /// Computes the models page's drift badges ahead of the first look (blocking; the server
    /// calls it in the background when it starts).
    public func warm() {
        do { try badges.warm(services: services) } catch {
            logger.warning("dashboard drift badges not computed ahead", metadata: ["error": "\(error)"])
        }
    }

    /// Mounts the dashboard at `/` and `/ui/…`: every route is a `session` route (the dashboard
    /// checks its own sign-in sessions, cookie and CSRF token, with the API tokens' roles).
    /// Returns the module's route table.
    @discardableResult
    public func register(on router: Router<BasicRequestContext>, guard routeGuard: RouteGuard) -> [RouteDescriptor] {
        let routes = RouteRegistrar(router: router, guard: routeGuard, shape: RefusalShape { status, _ in Response(status: status) })
        register(on: routes)
        return routes.table
    }

    func register(on router: RouteRegistrar) {
        router.get("/", access: .session) { request, _ in
            await page(request, section: .models) { viewer, chrome, now in
                (try ModelsPage.build(services: services, badges: badges, chrome: chrome, now: now), "models")
            }
        }
        router.get("/ui", access: .session) { _, _ in PageRenderer.redirect("/") }
        router.get("/ui/assets/dashboard.css", access: .session) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardStyle.css)))
        }
        router.get("/ui/models/{name}", access: .session) { request, context in
            let name = try context.parameters.require("name")
            let before = request.uri.queryParameters["before"].flatMap { Int64(String($0)) }
            return await page(request, section: .models) { viewer, chrome, now in
                (try ModelPage.build(name: name, before: before, services: services, viewer: viewer, chrome: chrome, now: now), "model")
            }
        }
        router.get("/ui/models/{name}/rollout", access: .session) { request, context in
            let name = try context.parameters.require("name")
            return await page(request, section: .models) { viewer, chrome, now in
                (try RolloutPage.build(model: name, services: services, viewer: viewer, chrome: chrome, now: now), "rollout")
            }
        }
        router.get("/ui/models/{name}/drift", access: .session) { request, context in
            let name = try context.parameters.require("name")
            let query = request.uri.queryParameters
            let since = query["since"].map(String.init)
            let feature = query["feature"].map(String.init)
            let version = query["version"].flatMap { Int(String($0)) }
            return await page(request, section: .models) { _, chrome, now in
                (
                    try DriftPage.build(model: name, since: since, feature: feature, version: version, services: services, chrome: chrome, now: now),
                    "drift"
                )
            }
        }
        router.get("/ui/models/{name}/performance", access: .session) { request, context in
            let name = try context.parameters.require("name")
            let since = request.uri.queryParameters["since"].map(String.init)
            return await page(request, section: .models) { _, chrome, now in
                (try PerformancePage.build(model: name, since: since, services: services, chrome: chrome, now: now), "performance")
            }
        }
        router.get("/ui/pipelines", access: .session) { request, _ in
            await page(request, section: .pipelines) { viewer, chrome, now in
                (try PipelinesPage.build(services: services, viewer: viewer, chrome: chrome, now: now), "pipelines")
            }
        }
        router.get("/ui/notifications", access: .session) { request, _ in
            await page(request, section: .pipelines) { viewer, chrome, now in
                (try NotificationsPage.build(services: services, viewer: viewer, chrome: chrome, now: now), "notifications")
            }
        }
        registerSignIn(on: router)
        registerActions(on: router)
    }

    /// Renders a page for whoever is looking: sign-in first when reads are protected; the
    /// page's data read off the cooperative threads; failures as an error page.
    func page(
        _ request: Request, section: PageChrome.Section,
        _ build: @escaping @Sendable (Viewer, PageChrome, Int64) throws -> (Any, String)
    ) async -> Response {
        let started = ContinuousClock.now
        let viewer = await viewer(request)
        let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        if settings.protectReads && !viewer.accessOff && viewer.name == nil {
            return PageRenderer.redirect(PageChrome.loginHref(next: path))
        }
        let now = Clock.nowMilliseconds()
        let chrome = PageChrome(
            viewer: viewer, section: section, path: path,
            notice: request.uri.queryParameters["done"].flatMap { Self.notices[String($0)] }, now: now)
        do {
            let html = try await Blocking.run { () throws -> String? in
                let (object, template) = try build(viewer, chrome, now)
                return renderer.render(object, template: template)
            }
            return renderer.response(html, started: started)
        } catch {
            return errorPage(error, viewer: viewer, chrome: chrome, started: started)
        }
    }

    /// What a `done=` parameter after an action says.
    static let notices: [String: String] = [
        "promoted": "Promoted. Every server serves the new champion within a poll (a second by default).",
        "rolled-back": "Rolled back. Every server serves the previous champion within a poll.",
        "paused": "Rollout paused: traffic stays where it is, no decision is taken until it resumes.",
        "resumed": "Rollout resumed.", "rollout-promoted": "Challenger promoted: the rollout is over.",
        "aborted": "Rollout aborted: all traffic back on the champion.", "retried": "Job queued again: a worker picks it up next.",
        "started": "Run queued: a worker (mlops worker run) starts it next.",
        "signed-in": "Signed in.", "signed-out": "Signed out.",
    ]
}
