/// The one escaping rule of every HTML page and SVG chart the platform writes (the drift
/// report, the rollout timeline, the dashboard).
public enum HTMLText {
    /// Escapes `text` for HTML/SVG text content and for quoted attribute values: `& < > " '`
    /// become entities; control characters other than tab, newline and carriage return become
    /// U+FFFD (they are not allowed in HTML or XML).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
