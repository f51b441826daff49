/// Rewrites PostgreSQL-style `$N` placeholders to SQLite's `?N`, leaving string literals,
/// quoted identifiers and comments untouched, so one SQL text serves both backends.
enum PlaceholderRewriter {
    static func sqlite(_ sql: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(sql.utf8.count)
        let bytes = Array(sql.utf8)
        var i = 0
        var quote: UInt8? = nil
        var lineComment = false
        while i < bytes.count {
            let b = bytes[i]
            if lineComment {
                if b == UInt8(ascii: "\n") { lineComment = false }
            } else if let q = quote {
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                quote = b
            } else if b == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                lineComment = true
            } else if b == UInt8(ascii: "$"), i + 1 < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i + 1]) {
                out.append(UInt8(ascii: "?"))
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
