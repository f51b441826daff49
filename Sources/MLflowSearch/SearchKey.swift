/// A canonical search key: what a comparison or an `order_by` item looks at.
///
/// Attribute names are canonicalised (`attributes.run_name`, `` `Run name` `` and
/// `run_name` all become `.attribute("run_name")`; `created` becomes
/// `.attribute("start_time")`). Metric, param and tag keys are kept verbatim,
/// dots included (`tags.mlflow.runName` is `.tag("mlflow.runName")`).
public enum SearchKey: Sendable, Hashable, CustomStringConvertible {
    /// A built-in field of the record, such as `run_id` or `name`.
    case attribute(String)
    /// A metric value (latest value for runs).
    case metric(String)
    /// A parameter value.
    case param(String)
    /// A tag value.
    case tag(String)

    /// The key name without its kind prefix.
    public var name: String {
        switch self {
        case .attribute(let name), .metric(let name), .param(let name), .tag(let name):
            return name
        }
    }

    /// The key written back in MLflow syntax, accepted by the parser for
    /// every entity that supports the key kind: attributes are written bare
    /// (`run_id`) or backticked (`` `run name` ``), other kinds with their
    /// plural prefix, e.g. ``metrics.`my metric` ``.
    public var description: String {
        switch self {
        case .attribute(let name):
            let plain = name.first.map(FilterScanner.isWordStart) == true && name.allSatisfy(FilterScanner.isWordCharacter)
            return plain ? name : Self.backticked(name)
        case .metric(let name): return "metrics.\(Self.dotted(name))"
        case .param(let name): return "params.\(Self.dotted(name))"
        case .tag(let name): return "tags.\(Self.dotted(name))"
        }
    }

    /// `name` as the part after a prefix: bare if it is a dotted word, else backticked.
    private static func dotted(_ name: String) -> String {
        let plain =
            !name.isEmpty && name.allSatisfy { FilterScanner.isWordCharacter($0) || $0 == "." }
            && name.first != "." && name.last != "."
        return plain ? name : backticked(name)
    }

    private static func backticked(_ name: String) -> String {
        "`" + name.replacingAll("`", with: "``") + "`"
    }
}

extension String {
    /// Replaces every occurrence of `target` (a single character) without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
