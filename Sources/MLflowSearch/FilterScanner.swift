/// A key as written in the text, before entity rules resolve it.
struct RawKey: Sendable, Equatable {
    /// Text before the first dot (`metrics` in `metrics.rmse`), if any.
    var prefix: String?
    /// The key name with quotes removed.
    var name: String
    /// 1-based column where the key starts.
    var column: Int
    /// The key exactly as written, for messages.
    var text: String
}

/// A value as written in the text, before entity rules check its type.
enum RawValue: Sendable, Equatable {
    case string(String)
    case number(Double, text: String)
    case list([String])
    case bareWord(String)
}

/// Character-level cursor over a filter or `order_by` string.
///
/// Implements MLflow's (sqlparse-based) token shapes by hand: bare and dotted
/// identifiers, backtick- and double-quoted identifiers, single- and
/// double-quoted strings (a doubled quote or a backslash-escaped quote does
/// not end the string), numbers, comparison operators and keywords.
struct FilterScanner {
    let characters: [Character]
    private(set) var index = 0
    /// What the text is, for messages ("filter" or "order_by clause").
    let subject: String

    init(_ text: String, subject: String) {
        self.characters = Array(text)
        self.subject = subject
    }

    var atEnd: Bool { index >= characters.count }
    var peek: Character? { atEnd ? nil : characters[index] }
    /// 1-based column of the cursor.
    var column: Int { index + 1 }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    static func isWordStart(_ character: Character) -> Bool {
        character.isLetter || character == "_"
    }

    func peek(offset: Int) -> Character? {
        let position = index + offset
        return position < characters.count ? characters[position] : nil
    }

    mutating func skipWhitespace() {
        while let character = peek, character.isWhitespace { index += 1 }
    }

    /// Reads a run of word characters (may be empty).
    mutating func readWord() -> String {
        let start = index
        while let character = peek, Self.isWordCharacter(character) { index += 1 }
        return String(characters[start..<index])
    }

    /// A short excerpt of the text at `position`, for error messages.
    func excerpt(at position: Int) -> String {
        guard position < characters.count else { return "end of \(subject)" }
        var end = position
        if Self.isWordCharacter(characters[position]) {
            while end < characters.count, Self.isWordCharacter(characters[end]) || characters[end] == "." { end += 1 }
        } else {
            end += 1
        }
        end = min(end, position + 30)
        return "'" + String(characters[position..<end]) + "'"
    }

    func error(_ message: String, at position: Int? = nil) -> SearchError {
        SearchError(message, column: (position ?? index) + 1)
    }

    // MARK: Quoted text

    /// Reads text between `quote` characters. A doubled quote, or a quote
    /// preceded by a backslash, stands for one literal quote character.
    mutating func readQuoted(_ quote: Character, what: String) throws(SearchError) -> String {
        let start = index
        index += 1
        var text = ""
        while let character = peek {
            if character == "\\", peek(offset: 1) == quote {
                text.append(quote)
                index += 2
            } else if character == quote {
                if peek(offset: 1) == quote {
                    text.append(quote)
                    index += 2
                } else {
                    index += 1
                    return text
                }
            } else {
                text.append(character)
                index += 1
            }
        }
        let shown = String(characters[start..<min(characters.count, start + 30)])
        throw error("Unterminated \(what) <\(shown)> in \(subject): missing closing \(quote)", at: start)
    }

    // MARK: Keys

    /// Reads a key: `name`, `` `quoted name` ``, `"quoted name"`, or
    /// `prefix.rest` where the prefix may be backticked and the rest may be a
    /// dotted bare name or a backtick/double-quoted name.
    mutating func readKey() throws(SearchError) -> RawKey {
        let start = index
        guard let first = peek else {
            throw error("Expected a key but reached the end of the \(subject)")
        }
        var head: String
        var headQuoted = false
        if first == "`" {
            head = try readQuoted("`", what: "backtick-quoted key")
            headQuoted = true
        } else if first == "\"" {
            head = try readQuoted("\"", what: "quoted key")
            return RawKey(prefix: nil, name: head, column: start + 1, text: text(from: start))
        } else if Self.isWordStart(first) {
            head = readWord()
        } else {
            throw error("Expected a key (e.g. metrics.rmse, params.lr, tags.team, or an attribute name) but found \(excerpt(at: start))", at: start)
        }
        guard peek == "." else {
            return RawKey(prefix: nil, name: head, column: start + 1, text: text(from: start))
        }
        index += 1
        let nameStart = index
        let name: String
        switch peek {
        case "`":
            name = try readQuoted("`", what: "backtick-quoted key")
        case "\"":
            name = try readQuoted("\"", what: "quoted key")
        case let character? where Self.isWordCharacter(character):
            while let next = peek, Self.isWordCharacter(next) || next == "." { index += 1 }
            name = String(characters[nameStart..<index])
            if name.last == "." {
                throw error("Key \(text(from: start)) ends with '.'; quote keys containing special characters with backticks", at: start)
            }
        default:
            let shown = headQuoted ? "`\(head)`" : head
            throw error(
                "Expected a key name after '\(shown).' but found \(excerpt(at: nameStart)); quote keys containing special characters with backticks, e.g. \(shown).`my key`",
                at: nameStart)
        }
        return RawKey(prefix: head, name: name, column: start + 1, text: text(from: start))
    }

    private func text(from start: Int) -> String {
        String(characters[start..<index])
    }

    // MARK: Operators

    /// Reads a comparison operator (symbols, `LIKE`, `ILIKE`, `IN`, `NOT IN`).
    mutating func readOperator(after key: String) throws(SearchError) -> ComparisonOperator {
        let start = index
        guard let first = peek else {
            throw error("Expected a comparison operator after \(key) but reached the end of the \(subject)")
        }
        switch first {
        case "=":
            if peek(offset: 1) == "=" {
                throw error("Operator '==' is not supported; use '='", at: start)
            }
            index += 1
            return .equal
        case "!":
            guard peek(offset: 1) == "=" else { break }
            index += 2
            return .notEqual
        case "<":
            if peek(offset: 1) == ">" {
                throw error("Operator '<>' is not supported; use '!='", at: start)
            }
            if peek(offset: 1) == "=" {
                index += 2
                return .lessOrEqual
            }
            index += 1
            return .less
        case ">":
            if peek(offset: 1) == "=" {
                index += 2
                return .greaterOrEqual
            }
            index += 1
            return .greater
        default:
            if Self.isWordStart(first) {
                let word = readWord()
                switch word.uppercased() {
                case "LIKE": return .like
                case "ILIKE": return .ilike
                case "IN": return .in
                case "NOT":
                    skipWhitespace()
                    let nextStart = index
                    let next = readWord()
                    if next.uppercased() == "IN" { return .notIn }
                    throw error(
                        "Operator 'NOT \(next.isEmpty ? excerpt(at: nextStart) : next)' is not supported; the only negated operator is NOT IN",
                        at: start)
                case "OR":
                    throw error("Expected a comparison operator after \(key) but found 'OR'", at: start)
                default:
                    throw error(
                        "Unsupported comparison operator '\(word)' after \(key); supported operators are =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN",
                        at: start)
                }
            }
        }
        var message = "Expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after \(key) but found \(excerpt(at: start))"
        if start > 0, !characters[start - 1].isWhitespace {
            message += "; keys containing special characters must be quoted with backticks, e.g. metrics.`val-loss`"
        }
        throw error(message, at: start)
    }

    // MARK: Values

    /// Reads a value: quoted string, number, parenthesised list of quoted
    /// strings, or (to be refused by the caller) a bare word.
    mutating func readValue(after description: String) throws(SearchError) -> RawValue {
        guard let first = peek else {
            throw error("Expected a value after \(description) but reached the end of the \(subject)")
        }
        switch first {
        case "'":
            return .string(try readQuoted("'", what: "string"))
        case "\"":
            return .string(try readQuoted("\"", what: "string"))
        case "(":
            return .list(try readList())
        case "-", ".", "0"..."9":
            return try readNumber()
        default:
            if Self.isWordStart(first) {
                return .bareWord(readWord())
            }
            throw error("Expected a value after \(description) but found \(excerpt(at: index))")
        }
    }

    /// Reads `-?(digits[.digits*] | .digits)([eE][+-]?digits)?`, refusing a
    /// number glued to letters (`1abc`) as sqlparse does.
    mutating func readNumber() throws(SearchError) -> RawValue {
        let start = index
        if peek == "-" { index += 1 }
        var digits = 0
        while let character = peek, character.isASCII, character.isNumber {
            index += 1
            digits += 1
        }
        if peek == "." {
            index += 1
            while let character = peek, character.isASCII, character.isNumber {
                index += 1
                digits += 1
            }
        }
        if digits > 0, let e = peek, e == "e" || e == "E" {
            let save = index
            index += 1
            if peek == "+" || peek == "-" { index += 1 }
            var exponentDigits = 0
            while let character = peek, character.isASCII, character.isNumber {
                index += 1
                exponentDigits += 1
            }
            if exponentDigits == 0 {
                index = save + 1
                return try badNumber(from: start)
            }
        }
        if digits == 0 { return try badNumber(from: start) }
        if let next = peek, Self.isWordCharacter(next) || next == "." { return try badNumber(from: start) }
        let text = String(characters[start..<index])
        var normalised = text
        if normalised.hasPrefix("-.") { normalised = "-0." + normalised.dropFirst(2) }
        if normalised.hasPrefix(".") { normalised = "0" + normalised }
        if normalised.hasSuffix(".") { normalised += "0" }
        guard let number = Double(normalised), number.isFinite else { return try badNumber(from: start) }
        return .number(number, text: text)
    }

    private mutating func badNumber(from start: Int) throws(SearchError) -> RawValue {
        while let next = peek, Self.isWordCharacter(next) || next == "." || next == "-" || next == "+" { index += 1 }
        let shown = String(characters[start..<max(index, start + 1)])
        throw error("Invalid number '\(shown)' in \(subject)", at: start)
    }

    /// Reads `('a', "b", ...)`: a non-empty list of quoted strings.
    mutating func readList() throws(SearchError) -> [String] {
        let open = index
        index += 1
        var items: [String] = []
        while true {
            skipWhitespace()
            guard let character = peek else {
                throw error("Unterminated list starting at column \(open + 1): expected ')'", at: open)
            }
            if character == ")" {
                if items.isEmpty {
                    throw error("Expected a non-empty list of quoted strings but got an empty list", at: open)
                }
                index += 1
                return items
            }
            guard character == "'" || character == "\"" else {
                throw error("List items must be quoted strings but found \(excerpt(at: index))")
            }
            items.append(try readQuoted(character, what: "string"))
            skipWhitespace()
            switch peek {
            case ",": index += 1
            case ")": continue
            case nil: continue
            default: throw error("Expected ',' or ')' in list but found \(excerpt(at: index))")
            }
        }
    }
}
