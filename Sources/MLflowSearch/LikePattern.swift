/// A compiled SQL `LIKE` pattern: `%` matches any run of characters
/// (including none), `_` exactly one character (Unicode scalar, as in
/// Python's regex and SQL), everything else itself.
/// The match is anchored at both ends. There is no escape character.
///
/// Matching is iterative with a single backtrack point, so it runs in
/// O(pattern × text) time at worst — no catastrophic backtracking.
struct LikePattern: Sendable {
    private enum Element: Sendable, Equatable {
        case literal(Unicode.Scalar)
        case anyOne
        case anyRun
    }

    private let elements: [Element]
    private let caseInsensitive: Bool

    /// Compiles `pattern`; `caseInsensitive` gives `ILIKE` semantics.
    init(_ pattern: String, caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
        var elements: [Element] = []
        for character in (caseInsensitive ? pattern.lowercased() : pattern).unicodeScalars {
            switch character {
            case "%":
                if elements.last != .anyRun { elements.append(.anyRun) }
            case "_":
                elements.append(.anyOne)
            default:
                elements.append(.literal(character))
            }
        }
        self.elements = elements
    }

    /// Whether the whole of `text` matches the pattern.
    func matches(_ text: String) -> Bool {
        let characters = Array((caseInsensitive ? text.lowercased() : text).unicodeScalars)
        var p = 0
        var t = 0
        var runAt = -1
        var runResume = 0
        while t < characters.count {
            if p < elements.count {
                switch elements[p] {
                case .literal(let expected) where expected == characters[t]:
                    p += 1
                    t += 1
                    continue
                case .anyOne:
                    p += 1
                    t += 1
                    continue
                case .anyRun:
                    runAt = p
                    runResume = t
                    p += 1
                    continue
                default:
                    break
                }
            }
            guard runAt >= 0 else { return false }
            p = runAt + 1
            runResume += 1
            t = runResume
        }
        while p < elements.count, elements[p] == .anyRun { p += 1 }
        return p == elements.count
    }
}
