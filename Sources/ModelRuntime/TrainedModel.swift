import Crypto
import Foundation
import LinearModels
import TabularData
import TreeModel

/// A trained model of either flavor, ready to predict.
public enum TrainedModel: Sendable {
    case gbdt(BoostedTrees, CompiledForest)
    case logreg(LogisticRegressionModel)

    /// Feature names the model was trained on (may be empty for XGBoost models without names).
    public var featureNames: [String] {
        switch self {
        case .gbdt(let trees, _): return trees.featureNames
        case .logreg(let model): return model.featureNames
        }
    }

    /// Number of input columns the model expects.
    public var featureCount: Int {
        switch self {
        case .gbdt(let trees, _): return trees.featureCount
        case .logreg(let model): return model.featureNames.count
        }
    }

    public var flavor: String {
        switch self {
        case .gbdt: return "xgboost"
        case .logreg: return "logreg"
        }
    }

    /// Predictions (probabilities, or raw margins with `margin`) for every row, columns by position.
    public func predict(_ data: Dataset, margin: Bool = false, threads: Int = 2) -> [Float] {
        switch self {
        case .gbdt(_, let forest): return forest.predict(data, margin: margin, threads: threads)
        case .logreg(let model): return model.predict(data, margin: margin)
        }
    }

    /// Names of the features the model reads as categories.
    public var categoricalFeatureNames: [String] {
        switch self {
        case .gbdt(let trees, _): return trees.categoricalFeatureNames
        case .logreg(let model): return model.categoricalFeatureNames
        }
    }

    /// How the model turns raw category values into what `predictOne(row:)` reads (the trees'
    /// dictionary codes, or logreg's hashed buckets); nil for an all-numeric model.
    public var categoryCoding: (any CategoryCoding)? {
        switch self {
        case .gbdt(_, let forest): return forest.categories.isEmpty ? nil : forest.categories
        case .logreg(let model): return model.hasher
        }
    }

    /// How to read a CSV for this model: by name when it has feature names, else every column
    /// but the label, by position. Its categorical features are read as text; text in a feature
    /// it reads as a number is an error naming the cell. `roles` are the user's `--categorical`
    /// and `--exclude` lists, checked against the model: a feature the model reads as a number
    /// cannot be declared categorical, and a feature it needs cannot be excluded.
    public func csvOptions(labelColumn: String?, skipBadRows: Bool, roles: ColumnRoles = ColumnRoles()) throws -> CSVReadOptions {
        let names = featureNames
        let categorical = categoricalFeatureNames
        if let numeric = roles.categorical.first(where: { !categorical.contains($0) }) {
            throw RuntimeError.shape("--categorical names '\(numeric)', which the model does not read as a category")
        }
        if let needed = roles.exclude.first(where: { names.contains($0) }) {
            throw RuntimeError.shape("--exclude names '\(needed)', which the model needs")
        }
        return CSVReadOptions(
            labelColumn: labelColumn, skipBadRows: skipBadRows, featureColumns: names.isEmpty ? nil : names,
            ignoredColumns: labelColumn == nil ? ["label"] : [],
            categoricalColumns: Set(categorical),
            excludedColumns: Set(roles.exclude), textColumns: .refuse)
    }

    /// Checks a dataset read by position has the model's width.
    public func checkWidth(_ data: Dataset, file: String) throws {
        guard featureNames.isEmpty, data.featureCount != featureCount else { return }
        throw RuntimeError.shape("\(file) has \(data.featureCount) feature columns; the model expects \(featureCount)")
    }
}

/// Errors loading or applying models; messages name the file or column at fault.
public enum RuntimeError: Error, CustomStringConvertible, Equatable {
    case notAModel(path: String, message: String)
    case shape(String)

    public var description: String {
        switch self {
        case .notAModel(let path, let message): return "\(path) is not a model mlops can load: \(message)"
        case .shape(let message): return message
        }
    }
}

/// SHA-256 of a file's bytes, streamed (the training data fingerprint).
public func fileFingerprint(_ path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw RuntimeError.notAModel(path: path, message: "cannot open")
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        hasher.update(data: chunk)
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
}

extension TrainedModel {
    /// How many of `values` (a column of feature `name`) the model has never seen as a category
    /// (no code in its dictionary; missing values are not counted), or nil when `name` is not a
    /// categorical feature of the model.
    public func unseenCategories(feature name: String, in values: ColumnValues) -> Int? {
        guard case .gbdt(_, let forest) = self, let f = featureNames.firstIndex(of: name), forest.categories.isCategorical(f) else {
            return nil
        }
        switch values {
        case .text(let texts):
            return texts.reduce(0) { count, text in
                guard let text, !CategoryText.isMissing(text) else { return count }
                return count + (forest.categories.knows(f, text) ? 0 : 1)
            }
        case .numeric(let numbers):
            return numbers.reduce(0) { count, number in
                number.isNaN ? count : count + (forest.categories.code(f, number: number) < 0 ? 1 : 0)
            }
        }
    }

    /// The dataset row by row as `predictOne(row:)` takes it: categorical features re-coded
    /// from the dataset's categories into the model's codes (or buckets).
    public func modelRows(_ data: Dataset) -> [Float] {
        guard let coding = categoryCoding else { return data.rowMajor() }
        let columns = coding.recode(data)
        let encoded = try? Dataset(featureNames: data.featureNames, columns: columns, labels: nil)
        return encoded?.rowMajor() ?? data.rowMajor()
    }

    /// One row's prediction (probability) with no allocation on the tree path; columns by
    /// position, categorical features in the model's codes (see `modelRows(_:)`).
    public func predictOne(row: UnsafeBufferPointer<Float>) -> Float {
        switch self {
        case .gbdt(_, let forest): return forest.predict(row: row)
        case .logreg(let model): return model.predict(row: row)
        }
    }
}
