import MLOpsTime
import Yams

/// Collects the errors found in one file while it is read, so that every problem is reported,
/// not just the first. Used by one parse on one thread; never shared.
final class Diagnostics {
    /// The file the errors are in.
    let path: String
    private(set) var errors: [PipelineSpecError] = []

    init(path: String) {
        self.path = path
    }

    /// Records `message` at `mark` (1:1 when the node has no mark).
    func report(_ message: String, at mark: Mark?) {
        errors.append(
            PipelineSpecError(
                path: path, line: mark?.line ?? 1, column: mark?.column ?? 1,
                message: message))
    }

    /// The errors by position (stable: errors at one position keep the order they were found in).
    var sortedErrors: [PipelineSpecError] {
        errors.enumerated().sorted { lhs, rhs in
            (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
    }
}

/// Reads YAML scalars as typed values, following the YAML 1.1 tags Yams resolves: a quoted
/// scalar is always a string, so `max_psi: "0.5"` is not a number.
enum ScalarValue {
    /// Any scalar but null, as written (numbers and booleans as their text).
    static func text(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, node.resolvedTagName != .null else { return nil }
        return scalar.string
    }

    /// A scalar resolved as an integer.
    static func integer(_ node: Node) -> Int? {
        guard case .scalar(let scalar) = node, node.resolvedTagName == .int else { return nil }
        return Int.construct(from: scalar)
    }

    /// A scalar resolved as an integer or a finite float.
    static func number(_ node: Node) -> Double? {
        guard case .scalar(let scalar) = node else { return nil }
        switch node.resolvedTagName {
        case .int: return Int.construct(from: scalar).map(Double.init)
        case .float: return Double.construct(from: scalar).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    /// A scalar resolved as a boolean (`true`/`false`, and YAML 1.1's `yes`/`no`/`on`/`off`).
    static func boolean(_ node: Node) -> Bool? {
        guard case .scalar(let scalar) = node, node.resolvedTagName == .bool else { return nil }
        return Bool.construct(from: scalar)
    }

    /// A duration scalar (`90s`, `30m`, `2h`, `7d`, `1w`) of more than zero seconds.
    static func duration(_ node: Node) -> Int64? {
        guard let text = text(node), let seconds = DurationText.parseDuration(text), seconds > 0 else {
            return nil
        }
        return seconds
    }

    /// How `node` reads in an error message: `'lots'`, `null`, `a map`, `a list`.
    static func describe(_ node: Node) -> String {
        // Not a switch: later Yams versions add cases (aliases) to `Node`.
        if case .scalar(let scalar) = node {
            return node.resolvedTagName == .null ? "null" : "'\(scalar.string)'"
        }
        if node.mapping != nil { return "a map" }
        if node.sequence != nil { return "a list" }
        return "an unsupported YAML node"
    }
}

extension Node {
    /// The node's tag after implicit resolution (`tag:yaml.org,2002:int` for a plain `200`,
    /// `...:str` for any quoted scalar, `...:null` for `~` or nothing).
    var resolvedTagName: Tag.Name { Tag.Name(rawValue: tag.description) }
}
