import AccessControl
import Foundation
import HTTPAccess
import HTTPTypes
import Hummingbird
import MLOpsStore
import MLOpsTime

/// Signing in and out, and working out who is looking: the session cookie is looked up (with its
/// token) on every request, so a revoked token or an expired session stops at once.
extension Dashboard {
    static let cookieName = "mlops_session"

    struct LoginPage: Sendable {
        var chrome: PageChrome
        var next: String
        var error: String?
    }

    func registerSignIn(on router: RouteRegistrar) {
        router.get("/ui/login", access: .session) { request, _ in
            let started = ContinuousClock.now
            let viewer = await viewer(request)
            let next = HTTPForm.localPath(request.uri.queryParameters["next"].map(String.init))
            if viewer.accessOff { return PageRenderer.redirect(next) }
            let chrome = PageChrome(viewer: viewer, section: .none, path: "/ui/login", now: Clock.nowMilliseconds())
            return renderer.page(LoginPage(chrome: chrome, next: next, error: nil), template: "login", started: started)
        }
        router.post("/ui/login", access: .session) { request, _ in
            let started = ContinuousClock.now
            guard Self.sameOrigin(request) else {
                countRefusal("csrf")
                return refusal(.forbidden, "This form came from another site.", started: started)
            }
            guard let form = await form(request) else { return refusal(.badRequest, "The form could not be read.", started: started) }
            let next = HTTPForm.localPath(form["next"])
            let secret = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let chrome = PageChrome(viewer: .anonymous, section: .none, path: "/ui/login", now: Clock.nowMilliseconds())
            let signedIn: (sessionID: String, session: BrowserSession)?
            do { signedIn = try await Blocking.run { try services.sessions.signIn(secret: secret) } } catch {
                logger.warning("dashboard sign-in failed: store unavailable", metadata: ["error": "\(error)"])
                return renderer.page(
                    LoginPage(chrome: chrome, next: next, error: "The store is unavailable; try again."),
                    template: "login", status: .serviceUnavailable, started: started)
            }
            guard let signedIn else {
                countRefusal(secret.isEmpty ? "missing" : "invalid")
                logger.notice("dashboard sign-in refused", metadata: ["reason": "\(secret.isEmpty ? "missing" : "invalid")"])
                return renderer.page(
                    LoginPage(chrome: chrome, next: next, error: "That token is unknown or revoked."),
                    template: "login", status: .unauthorized, started: started)
            }
            logger.info("dashboard sign-in", metadata: ["token": "\(signedIn.session.tokenName)"])
            let maxAge = max(0, (signedIn.session.expiresAt - Clock.nowMilliseconds()) / 1000)
            return PageRenderer.redirect(Self.withNotice(next, "signed-in"), cookie: cookie(signedIn.sessionID, maxAge: maxAge, request))
        }
        router.post("/ui/logout", access: .session) { request, _ in
            let started = ContinuousClock.now
            let viewer = await viewer(request)
            let form = await form(request) ?? [:]
            guard Self.sameOrigin(request), viewer.csrf == nil || SessionStore.tokensMatch(form["csrf"] ?? "", viewer.csrf ?? "") else {
                countRefusal("csrf")
                return refusal(.forbidden, "This form is stale or came from another site.", started: started)
            }
            if let id = HTTPForm.cookie(Self.cookieName, in: request.headers[.cookie]) {
                try? await Blocking.run { try services.sessions.signOut(id) }
            }
            return PageRenderer.redirect("/?done=signed-out", cookie: cookie("", maxAge: 0, request))
        }
    }

    /// Who is looking: everyone when access control is off, else the session's token, else anonymous.
    func viewer(_ request: Request) async -> Viewer {
        guard settings.accessEnabled else { return .everyone }
        guard let id = HTTPForm.cookie(Self.cookieName, in: request.headers[.cookie]), !id.isEmpty else { return .anonymous }
        do {
            guard let session = try await Blocking.run({ try services.sessions.session(id) }) else { return .anonymous }
            return Viewer(name: session.tokenName, role: session.role, csrf: session.csrfToken, accessOff: false)
        } catch {
            logger.warning("dashboard session lookup failed", metadata: ["error": "\(error)"])
            return .anonymous
        }
    }

    /// The session cookie: HttpOnly, SameSite=Strict, the whole site, Secure over HTTPS.
    func cookie(_ value: String, maxAge: Int64, _ request: Request) -> String {
        let https = settings.secureCookies || request.head.scheme == "https" || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
        return "\(Self.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (https ? "; Secure" : "")
    }

    /// A browser's POST from this site: `Origin` (or, without it, `Sec-Fetch-Site`) names this
    /// host. Requests with neither (not from a browser) pass; their CSRF token still counts.
    static func sameOrigin(_ request: Request) -> Bool {
        if let origin = request.headers[.origin] {
            guard let host = request.head.authority else { return false }
            return origin == "http://\(host)" || origin == "https://\(host)"
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] { return site == "same-origin" || site == "none" }
        return true
    }

    /// A urlencoded form body, nil when unreadable or over the limit.
    func form(_ request: Request) async -> [String: String]? {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: settings.maxBodyBytes) else { return nil }
        return HTTPForm.fields(String(buffer: buffer))
    }

    static func withNotice(_ path: String, _ notice: String) -> String {
        path + (path.contains("?") ? "&" : "?") + "done=" + notice
    }
}
