/// Number formatting for the HTML drift report and its SVG charts (escaping is `HTMLText`). Pure Swift (no
/// Foundation, no locale): the same value always gives the same characters.
public enum DriftHTMLFormat {
    /// `value` rounded half away from zero to `decimals` decimals ("0.1235" for 0.12345 at 4,
    /// as printed from its binary value). Non-finite values print as "NaN", "inf", "-inf";
    /// magnitudes past 1e15 fall back to Swift's shortest representation.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        let places = max(0, min(decimals, 9))
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (value.magnitude * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return "\(value)" }
        let n = UInt64(scaled)
        var text = value < 0 && n != 0 ? "-" : ""
        text += String(n / scale)
        if places > 0 {
            let fraction = String(n % scale)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }

    /// The report's standard number: 4 decimals.
    public static func number(_ value: Double) -> String { fixed(value, 4) }

    /// A proportion as a percentage with `decimals` decimals: 0.1234 → "12.34%".
    public static func percent(_ proportion: Double, _ decimals: Int = 2) -> String {
        fixed(proportion * 100, decimals) + "%"
    }

    /// An integer with thousands separators: 1234567 → "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// A short form of `value` for axis labels: about 3 significant digits, trailing zeros
    /// dropped, scientific notation ("1.2e6", "3.5e-5") outside [0.001, 1e6).
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return fixed(value, 0) }
        if value == 0 { return "0" }
        let magnitude = value.magnitude
        if magnitude >= 1e6 || magnitude < 1e-3 {
            var mantissa = magnitude
            var exponent = 0
            while mantissa >= 10 {
                mantissa /= 10
                exponent += 1
            }
            while mantissa < 1 {
                mantissa *= 10
                exponent -= 1
            }
            var digits = trimZeros(fixed(mantissa, 2))
            if digits == "10" {
                digits = "1"
                exponent += 1
            }
            return (value < 0 ? "-" : "") + digits + "e" + String(exponent)
        }
        let decimals = magnitude >= 100 ? (magnitude >= 1000 ? 0 : 1) : (magnitude >= 1 ? 2 : 3)
        return trimZeros(fixed(value, decimals))
    }

    /// "1.500" → "1.5", "2.000" → "2"; strings without a decimal point are returned as is.
    public static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = Substring(text)
        while out.last == "0" { out = out.dropLast() }
        if out.last == "." { out = out.dropLast() }
        return out == "-0" ? "0" : String(out)
    }

    /// Rewrites every decimal number in `label` in `compact` form: "[0.123456789, 12.5)" →
    /// "[0.123, 12.5)". Words such as "inf" and "missing" are kept.
    public static func abbreviateNumbers(in label: String) -> String {
        let s = Array(label.unicodeScalars)
        func isDigit(_ i: Int) -> Bool { i < s.count && ("0"..."9").contains(s[i]) }
        func isWordy(_ i: Int) -> Bool {
            i >= 0 && i < s.count && (isDigit(i) || s[i].properties.isAlphabetic || s[i] == "_" || s[i] == ".")
        }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            var j = i
            if s[j] == "-" || s[j] == "+" { j += 1 }
            guard isDigit(j), !isWordy(i - 1) else {
                out.append(s[i])
                i += 1
                continue
            }
            while isDigit(j) { j += 1 }
            if j < s.count && s[j] == "." && isDigit(j + 1) {
                j += 1
                while isDigit(j) { j += 1 }
            }
            if j < s.count && (s[j] == "e" || s[j] == "E") {
                var k = j + 1
                if k < s.count && (s[k] == "-" || s[k] == "+") { k += 1 }
                if isDigit(k) {
                    while isDigit(k) { k += 1 }
                    j = k
                }
            }
            let token = String(String.UnicodeScalarView(s[i..<j]))
            if !isWordy(j), let value = Double(token) {
                out.append(contentsOf: compact(value).unicodeScalars)
            } else {
                out.append(contentsOf: token.unicodeScalars)
            }
            i = j
        }
        return String(out)
    }

    /// `text` cut to at most `limit` characters, the last one an ellipsis when cut.
    public static func truncate(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// An HTML id fragment for `name`: "f<index>-" followed by up to 32 ASCII letters, digits
    /// and dashes from the name (lower-cased). Unique because the index is.
    public static func anchor(index: Int, name: String) -> String {
        var slug = ""
        var dash = false
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if dash && !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
            if slug.count >= 32 { break }
        }
        return "f\(index)" + (slug.isEmpty ? "" : "-" + slug)
    }
}
