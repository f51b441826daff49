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

    /// The hidden fields of the form posting to `action` in a page, in order, as a browser
    /// would send them; nil when the page has no such form.
    static func hiddenFields(in html: String, action: String) -> [(String, String)]? {
        guard let start = html.range(of: "action=\"\(action)\"") else { return nil }
        let form = html[start.upperBound...].prefix { _ in true }
        let body = form.range(of: "</form>").map { form[..<$0.lowerBound] } ?? form
        var fields: [(String, String)] = []
        var rest = body[...]
        while let input = rest.range(of: "<input type=\"hidden\" name=\"") {
            let afterName = rest[input.upperBound...]
            guard let nameEnd = afterName.firstIndex(of: "\""), let valueStart = afterName.range(of: "value=\"") else { break }
            let value = afterName[valueStart.upperBound...]
            guard let valueEnd = value.firstIndex(of: "\"") else { break }
            fields.append((String(afterName[..<nameEnd]), String(value[..<valueEnd])))
            rest = value[valueEnd...]
        }
        return fields
    }

    /// Submits the form posting to `action` on `page` as a browser would: its hidden fields as
    /// rendered, plus what the person typed.
    func submit(_ page: LoopbackHTTP.Response, action: String, typed: [(String, String)]) async throws -> LoopbackHTTP.Response {
        guard let hidden = Self.hiddenFields(in: page.body, action: action) else {
            throw LoopbackHTTP.Failure(description: "the page has no form posting to \(action)")
        }
        return try await post(action, hidden + typed)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
