import AccessControl
import Foundation
import MLOpsTestSupport

/// A browser's side of the dashboard over loopback: signing in (keeping the session cookie),
/// reading pages, and posting forms with this server's Origin and the page's CSRF token.
struct DashboardBrowser {
    let port: Int
    var cookie: String?

    init(port: Int) { self.port = port }

    var origin: String { "http://127.0.0.1:\(port)" }

    func get(_ path: String) async throws -> LoopbackHTTP.Response {
        try await LoopbackHTTP.fetch(port: port, "GET", path, headers: cookie.map { ["Cookie": $0] } ?? [:])
    }

    /// Posts a urlencoded form (fields in order); `origin` nil sends no Origin header.
    func post(_ path: String, _ fields: [(String, String)], origin: String? = "same") async throws -> LoopbackHTTP.Response {
        var headers: [String: String] = [:]
        if let cookie { headers["Cookie"] = cookie }
        if let origin { headers["Origin"] = origin == "same" ? self.origin : origin }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await LoopbackHTTP.fetch(port: port, "POST", path, body: body, headers: headers)
    }

    /// Signs in with a token's secret; keeps the cookie on success.
    @discardableResult
    mutating func signIn(_ secret: String) async throws -> LoopbackHTTP.Response {
        let response = try await post("/ui/login", [("token", secret), ("next", "/")])
        if let setCookie = response.headers["set-cookie"], response.status == 303 {
            cookie = String(setCookie.split(separator: ";")[0])
        }
        return response
    }

    /// The CSRF token in a page's forms.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
