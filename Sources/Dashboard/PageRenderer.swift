import Foundation
import HTMLViews
import HTTPTypes
import Hummingbird
import MLOpsTime
import Mustache

/// Renders the dashboard's Mustache templates (parsed once, from the binary) into HTML
/// responses with the page's security headers and its server time in `Server-Timing`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Every page template by name; each extends `layout`.
    static let templates: [String: String] = [
        "layout": FrameTemplates.layout, "login": FrameTemplates.login, "confirm": FrameTemplates.confirm, "error": FrameTemplates.error,
        "models": ModelTemplates.models, "model": ModelTemplates.model, "rollout": RolloutTemplate.page,
        "drift": DriftTemplate.page, "pipelines": PipelinesTemplate.page, "performance": PerformanceTemplate.page,
        "notifications": NotificationsTemplate.page,
    ]

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Self.templates {
            do { try library.register(text, named: name) } catch {
                throw DashboardError.template(name: name, message: "\(error)")
            }
        }
        self.library = library
    }

    /// The page `template` of `object` as a response; `started` is when the request's work began
    /// (a `ContinuousClock` instant), for `Server-Timing`.
    func page(_ object: Any, template: String, status: HTTPResponse.Status = .ok, started: ContinuousClock.Instant) -> Response {
        response(render(object, template: template), status: status, started: started)
    }

    /// The HTML of a page, nil when the template is missing.
    func render(_ object: Any, template: String) -> String? {
        library.render(TemplateObject.wrap(object), withTemplate: template)
    }

    func response(_ html: String?, status: HTTPResponse.Status = .ok, started: ContinuousClock.Instant) -> Response {
        guard let html else { return Self.plain(.internalServerError, "a dashboard template is missing") }
        var response = Self.html(html, status: status)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[HTTPField.Name("Server-Timing")!] = "render;dur=\(Format.fixed(milliseconds, 2))"
        return response
    }

    /// The headers every dashboard page carries: no caching, no framing, no scripts, forms and
    /// styles from this server only.
    static func html(_ html: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// 303 See Other to a path on this site (after a form, or to sign in).
    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}

/// The dashboard's own failures.
enum DashboardError: Error, CustomStringConvertible {
    case template(name: String, message: String)

    var description: String {
        switch self {
        case .template(let name, let message): return "dashboard template '\(name)' does not parse: \(message)"
        }
    }
}
