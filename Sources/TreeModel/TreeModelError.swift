/// Everything that can go wrong reading, writing, validating or predicting with a tree model.
/// Messages name the JSON path, tree and node at fault.
public enum TreeModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file could not be read or written.
    case io(path: String, message: String)
    /// The bytes are not JSON: byte offset of the problem and what was expected.
    case malformedJSON(offset: Int, message: String)
    /// A required field is absent (`path` is the dotted JSON path, e.g. `learner.objective.name`).
    case missingField(path: String)
    /// A field holds the wrong JSON type, e.g. a string where an array was expected.
    case wrongType(path: String, expected: String, found: String)
    /// A field has the right type but an unusable value.
    case invalidValue(path: String, message: String)
    /// An array's length disagrees with the length the model declares.
    case lengthMismatch(path: String, count: Int, expected: Int)
    /// A tree's structure is broken: children out of range, cycles, bad split features.
    case invalidTree(tree: Int, message: String)
    /// A booster other than `gbtree` (`gblinear`, `dart`).
    case unsupportedBooster(String)
    /// An objective other than `binary:logistic`, `reg:logistic` and `reg:squarederror`.
    case unsupportedObjective(String)
    /// `num_class > 1`: softmax over several output groups.
    case multiClass(numClass: Int)
    /// Several outputs per row: `num_target > 1`, or vector leaves (`size_leaf_vector > 1`).
    case multiTarget(String)
    /// A model that cannot be written as XGBoost JSON (e.g. base score outside (0, 1)).
    case unsavable(String)
    /// Prediction input whose shape does not fit (`rows × features` larger than the buffer).
    case shape(String)

    public var description: String {
        switch self {
        case .io(let path, let message):
            return "\(path): \(message)"
        case .malformedJSON(let offset, let message):
            return "invalid JSON at byte \(offset): \(message)"
        case .missingField(let path):
            return "missing field '\(path)'"
        case .wrongType(let path, let expected, let found):
            return "field '\(path)': expected \(expected), found \(found)"
        case .invalidValue(let path, let message):
            return "field '\(path)': \(message)"
        case .lengthMismatch(let path, let count, let expected):
            return "field '\(path)' has \(count) entries, expected \(expected)"
        case .invalidTree(let tree, let message):
            return "tree \(tree): \(message)"
        case .unsupportedBooster(let name):
            return "\(name) booster is not supported (mlops supports gbtree)"
        case .unsupportedObjective(let name):
            return "objective '\(name)' is not supported (mlops supports binary:logistic, reg:logistic and reg:squarederror)"
        case .multiClass(let numClass):
            return "num_class \(numClass): multi-class models are not supported"
        case .multiTarget(let detail):
            return "\(detail): multi-target models are not supported"
        case .unsavable(let message):
            return "cannot save model as XGBoost JSON: \(message)"
        case .shape(let message):
            return "prediction input: \(message)"
        }
    }
}
