import Foundation

/// The two request formats the dashboard reads by hand: `application/x-www-form-urlencoded`
/// bodies (its forms) and the `Cookie` header.
enum HTTPForm {
    /// Fields of a urlencoded body; a repeated field keeps its first value. Nil for text that is
    /// not valid percent-encoded UTF-8.
    static func fields(_ body: String) -> [String: String]? {
        var result: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { return nil }
            if result[key] == nil { result[key] = value }
        }
        return result
    }

    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The value of cookie `name` in a `Cookie` header ("a=1; b=2").
    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == name {
                return pair[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// A `next` target kept on this site: an absolute path, never `//host` or a scheme.
    static func localPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
            !candidate.contains("\r"), !candidate.contains("\n"), candidate.utf8.count < 512
        else { return "/" }
        return candidate
    }
}
