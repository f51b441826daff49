/// Errors training, configuring, loading or saving a linear model. Every message names the
/// dataset, row, feature, parameter or JSON field at fault.
public enum LinearModelError: Error, CustomStringConvertible, Equatable {
    /// The dataset (`"training"` or `"validation"`) has no label column.
    case missingLabels(dataset: String)
    /// The dataset has no rows.
    case emptyDataset(dataset: String)
    /// A label that is not exactly 0 or 1 (the first one found, 0-based row).
    case invalidLabel(dataset: String, row: Int, value: Float)
    /// Every training label has the same value, so there is nothing to separate.
    case singleClass(label: Float)
    /// An infinite feature value (NaN is fine: it means missing).
    case nonFiniteFeature(dataset: String, feature: String, row: Int)
    /// The dataset's feature columns are not the ones the model was trained on.
    case featureMismatch(dataset: String, expected: [String], found: [String])
    /// A parameter with a value outside its domain.
    case invalidParameter(name: String, value: String, reason: String)
    /// A parameter key that is not recognised.
    case unknownParameter(name: String, accepted: [String])
    /// Model JSON that parses but breaks a rule (`field` is the JSON path, e.g. `weights[3]`).
    case invalidModel(field: String, reason: String)
    /// Model JSON that cannot be decoded at all.
    case malformedJSON(String)
    /// The solver could not make progress (e.g. the Newton system stayed singular).
    case numericalFailure(String)

    public var description: String {
        switch self {
        case .missingLabels(let dataset):
            return "\(dataset) dataset has no label column; logistic regression needs 0/1 labels"
        case .emptyDataset(let dataset):
            return "\(dataset) dataset has no rows"
        case .invalidLabel(let dataset, let row, let value):
            return "\(dataset) dataset: label at row \(row) is \(value); labels must be 0 or 1"
        case .singleClass(let label):
            return "training dataset: every label is \(label); both classes (0 and 1) are needed"
        case .nonFiniteFeature(let dataset, let feature, let row):
            return "\(dataset) dataset: feature '\(feature)' is infinite at row \(row) (use NaN for missing values)"
        case .featureMismatch(let dataset, let expected, let found):
            let missing = expected.filter { !found.contains($0) }
            let detail = missing.isEmpty ? "columns are in a different order" : "missing \(missing.map { "'\($0)'" }.joined(separator: ", "))"
            return "\(dataset) dataset: features do not match the training features (\(detail)); expected \(expected), found \(found)"
        case .invalidParameter(let name, let value, let reason):
            return "parameter '\(name)' = '\(value)': \(reason)"
        case .unknownParameter(let name, let accepted):
            return "unknown parameter '\(name)'; accepted: \(accepted.joined(separator: ", "))"
        case .invalidModel(let field, let reason):
            return "invalid logistic regression model JSON: '\(field)' \(reason)"
        case .malformedJSON(let message):
            return "malformed logistic regression model JSON: \(message)"
        case .numericalFailure(let message):
            return "logistic regression failed numerically: \(message)"
        }
    }
}
