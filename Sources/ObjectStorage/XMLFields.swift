import Foundation

/// The few fields S3's XML answers carry that the client reads (`<Key>`, `<UploadId>`,
/// `<Code>`…): element text by tag name, entities decoded. S3's answers are flat and regular;
/// this reads nothing else (no attributes, namespaces or CDATA).
enum XMLFields {
    /// The text of every `<tag>…</tag>` in `xml`, in order.
    static func all(_ tag: String, in xml: Substring) -> [String] {
        var out: [String] = []
        var rest = xml
        let open = "<\(tag)>"
        let close = "</\(tag)>"
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: close) else { break }
            out.append(decode(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    /// The first `<tag>` text, if any.
    static func first(_ tag: String, in xml: Substring) -> String? { all(tag, in: xml).first }

    /// The inner text of each `<tag>…</tag>` block (for repeated groups such as `<Contents>`).
    static func blocks(_ tag: String, in xml: Substring) -> [Substring] {
        var out: [Substring] = []
        var rest = xml
        while let start = rest.range(of: "<\(tag)>"), let end = rest[start.upperBound...].range(of: "</\(tag)>") {
            out.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return out
    }

    static func decode(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var out = String(text)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#34;", "\""), ("&#39;", "'"), ("&amp;", "&")]
        {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }

    /// `text` escaped for an XML element.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
