import Yams

/// A YAML map being read as a set of named options: on creation it reports keys that are not
/// allowed, duplicated or not plain names; its readers report values of the wrong type or out of
/// range, naming the key and the expected type, and return nil for them so reading goes on.
struct OptionMap {
    /// Prefix of every message (`step 2 (train)`, `drift`), or empty at the top level.
    let context: String
    /// Where the map starts, for errors about the map as a whole (a missing option).
    let mark: Mark?
    let diagnostics: Diagnostics
    private var entries: [String: (key: Node, value: Node)] = [:]

    /// Reads `node` (nil or null: an empty map, positioned at `fallbackMark`). A node that is not
    /// a map is reported as `<what> must be a map, got ...` and read as empty. Keys not in
    /// `allowed` are reported as `unknown <noun> 'k' (expected one of: ...)`.
    init(
        _ node: Node?, what: String, fallbackMark: Mark?, context: String, allowed: [String],
        noun: String = "option", diagnostics: Diagnostics
    ) {
        self.context = context
        self.diagnostics = diagnostics
        self.mark = node?.mark ?? fallbackMark
        guard let node, node.resolvedTagName != .null else { return }
        guard case .mapping(let mapping) = node else {
            diagnostics.report(
                Self.prefixed(context, "\(what) must be a map, got \(ScalarValue.describe(node))"),
                at: node.mark)
            return
        }
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                diagnostics.report(
                    Self.prefixed(context, "\(noun) names must be plain words, got \(ScalarValue.describe(key))"),
                    at: key.mark)
                continue
            }
            let name = scalar.string
            if !allowed.contains(name) {
                let expected = allowed.joined(separator: ", ")
                diagnostics.report(
                    Self.prefixed(context, "unknown \(noun) '\(name)' (expected one of: \(expected))"),
                    at: key.mark)
            } else if let first = entries[name] {
                let line = first.key.mark.map { " (first at line \($0.line))" } ?? ""
                diagnostics.report(Self.prefixed(context, "duplicate \(noun) '\(name)'\(line)"), at: key.mark)
            } else {
                entries[name] = (key, value)
            }
        }
    }

    static func prefixed(_ context: String, _ text: String) -> String {
        context.isEmpty ? text : "\(context): \(text)"
    }

    // MARK: Access

    /// The value under `key`, if the map has it.
    func value(_ key: String) -> Node? { entries[key]?.value }

    /// Whether the map has `key`.
    func contains(_ key: String) -> Bool { entries[key] != nil }

    /// Where `key`'s value is (the key's own mark if the value has none), else the map's mark.
    func valueMark(_ key: String) -> Mark? {
        entries[key].flatMap { $0.value.mark ?? $0.key.mark } ?? mark
    }

    /// Where `key` itself is written, else the map's mark.
    func keyMark(_ key: String) -> Mark? {
        entries[key]?.key.mark ?? mark
    }

    /// Reports `text` (prefixed with the context) at `mark`.
    func report(_ text: String, at mark: Mark?) {
        diagnostics.report(Self.prefixed(context, text), at: mark)
    }

    /// Reports `'key' <text>` at the key's value.
    func reportValue(_ key: String, _ text: String) {
        report("'\(key)' \(text)", at: valueMark(key))
    }

    /// Reports that the required `key` is missing, at the map.
    func reportMissing(_ key: String, _ hint: String = "") {
        report("missing required option '\(key)'\(hint)", at: mark)
    }

    // MARK: Typed readers (nil when absent or wrong; wrong is reported)

    /// Reads `key` with `convert`, reporting `'key' must be <expected>, got ...` when it fails.
    func read<T>(_ key: String, _ expected: String, _ convert: (Node) -> T?) -> T? {
        guard let node = value(key) else { return nil }
        if let converted = convert(node) { return converted }
        reportValue(key, "must be \(expected), got \(ScalarValue.describe(node))")
        return nil
    }

    func string(_ key: String) -> String? { read(key, "a string", ScalarValue.text) }
    func int(_ key: String) -> Int? { read(key, "an integer", ScalarValue.integer) }
    func number(_ key: String) -> Double? { read(key, "a number", ScalarValue.number) }
    func bool(_ key: String) -> Bool? { read(key, "true or false", ScalarValue.boolean) }

    /// A duration of more than zero seconds.
    func duration(_ key: String) -> Int64? {
        read(key, "a duration like 90s, 30m, 2h, 7d or 1w", ScalarValue.duration)
    }

    /// A non-empty string not containing only spaces.
    func nonEmptyString(_ key: String) -> String? {
        guard let text = string(key) else { return nil }
        if text.allSatisfy(\.isWhitespace) {
            reportValue(key, "must not be empty")
            return nil
        }
        return text
    }

    /// A number in `range`, reported as `must be <rangeText>` when outside it.
    func number(_ key: String, where isValid: (Double) -> Bool, _ rangeText: String) -> Double? {
        guard let value = number(key) else { return nil }
        guard isValid(value) else {
            reportValue(key, "must be \(rangeText), got \(value)")
            return nil
        }
        return value
    }

    /// An integer of at least `minimum`.
    func int(_ key: String, atLeast minimum: Int) -> Int? {
        guard let value = int(key) else { return nil }
        guard value >= minimum else {
            reportValue(key, "must be at least \(minimum), got \(value)")
            return nil
        }
        return value
    }

    /// One of `choices` (a `RawRepresentable` enum's raw values).
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T? where T.RawValue == String {
        let names = T.allCases.map(\.rawValue).joined(separator: " or ")
        return read(key, names) { node in ScalarValue.text(node).flatMap(T.init(rawValue:)) }
    }

    /// A list whose every element converts; each bad element is reported at itself.
    func list<T>(_ key: String, _ listText: String, element elementText: String, _ convert: (Node) -> T?) -> [T]? {
        guard let node = value(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            reportValue(key, "must be \(listText), got \(ScalarValue.describe(node))")
            return nil
        }
        var result: [T] = []
        var ok = true
        for (index, element) in sequence.enumerated() {
            if let converted = convert(element) {
                result.append(converted)
            } else {
                report(
                    "'\(key)' item \(index + 1) must be \(elementText), got \(ScalarValue.describe(element))",
                    at: element.mark)
                ok = false
            }
        }
        return ok ? result : nil
    }

    /// A map from plain keys to scalars, each value kept as its text.
    func scalarMap(_ key: String, valueText: String = "a string, number or boolean") -> [String: String]? {
        guard let node = value(key) else { return nil }
        guard case .mapping(let mapping) = node else {
            reportValue(key, "must be a map of names to values, got \(ScalarValue.describe(node))")
            return nil
        }
        var result: [String: String] = [:]
        var ok = true
        for (entryKey, entryValue) in mapping {
            guard let name = ScalarValue.text(entryKey) else {
                report("'\(key)' keys must be names, got \(ScalarValue.describe(entryKey))", at: entryKey.mark)
                ok = false
                continue
            }
            if result[name] != nil {
                report("'\(key)' has duplicate key '\(name)'", at: entryKey.mark)
                ok = false
            } else if let text = ScalarValue.text(entryValue) {
                result[name] = text
            } else {
                report(
                    "'\(key).\(name)' must be \(valueText), got \(ScalarValue.describe(entryValue))",
                    at: entryValue.mark ?? entryKey.mark)
                ok = false
            }
        }
        return ok ? result : nil
    }
}
