import Foundation
import UBJSON

/// Reading XGBoost's JSON model format (`Booster.save_model("m.json")`, XGBoost 1.x–3.x).
extension BoostedTrees {
    /// Parses an XGBoost JSON model, or a UBJSON one (`.ubj`, recognised by its first bytes),
    /// categorical splits and category dictionaries included. Refuses what mlops cannot predict
    /// exactly: `gblinear` and `dart` boosters, multi-class and multi-target models, and
    /// objectives other than `binary:logistic`, `reg:logistic` (read as `binary:logistic`,
    /// whose prediction is identical) and `reg:squarederror`.
    public static func load(xgboostJSON bytes: [UInt8]) throws -> BoostedTrees {
        if isUBJSON(bytes) { return try load(xgboostJSON: try jsonFromUBJSON(bytes)) }
        return try bytes.withUnsafeBufferPointer { try decodeXGBoost($0) }
    }

    /// Parses an XGBoost JSON model held in `data`; see `load(xgboostJSON:)` for `[UInt8]`.
    public static func load(xgboostJSON data: Data) throws -> BoostedTrees {
        if isUBJSON(data) { return try load(xgboostJSON: try jsonFromUBJSON([UInt8](data))) }
        return try data.withUnsafeBytes { raw in try decodeXGBoost(raw.bindMemory(to: UInt8.self)) }
    }

    /// Reads and parses the XGBoost JSON model file at `path`.
    public static func load(contentsOf path: String) throws -> BoostedTrees {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TreeModelError.io(path: path, message: "cannot read model file (\(error.localizedDescription))")
        }
        return try load(xgboostJSON: data)
    }

    /// UBJSON starts `{` and a length marker (`i`, `U`, `I`, `l`, `L`); JSON starts `{` and
    /// whitespace or a quote.
    static func isUBJSON<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var iterator = bytes.makeIterator()
        guard iterator.next() == UInt8(ascii: "{"), let second = iterator.next() else { return false }
        return Array("iUIlL".utf8).contains(second)
    }

    static func jsonFromUBJSON(_ bytes: [UInt8]) throws -> [UInt8] {
        do {
            return Array(try UBJSON.jsonText(from: bytes).utf8)
        } catch {
            throw TreeModelError.malformedJSON(offset: 0, message: "not a valid UBJSON model: \(error)")
        }
    }

    static func decodeXGBoost(_ bytes: UnsafeBufferPointer<UInt8>) throws -> BoostedTrees {
        let root = JSONCursor(value: try JSONParser.parse(bytes), path: "", bytes: bytes)
        let learner = try root.field("learner")

        let booster = try learner.field("gradient_booster")
        let boosterName = try booster.field("name").string()
        guard boosterName == "gbtree" else {
            throw TreeModelError.unsupportedBooster(boosterName)
        }

        let params = try learner.field("learner_model_param")
        if let numClass = try params.optionalField("num_class")?.intString(), numClass > 1 {
            throw TreeModelError.multiClass(numClass: numClass)
        }
        if let numTarget = try params.optionalField("num_target")?.intString(), numTarget > 1 {
            throw TreeModelError.multiTarget("num_target \(numTarget)")
        }
        let featureCountField = try params.field("num_feature")
        let featureCount = try featureCountField.intString()
        guard featureCount >= 0 && featureCount <= Int(Int32.max) else {
            throw TreeModelError.invalidValue(path: featureCountField.path, message: "\(featureCount) features")
        }
        let baseScore = try parseBaseScore(try params.field("base_score"))

        let objectiveName = try learner.field("objective").field("name").string()
        let objective: Objective
        switch objectiveName {
        case "binary:logistic", "reg:logistic": objective = .binaryLogistic
        case "reg:squarederror": objective = .squaredError
        default: throw TreeModelError.unsupportedObjective(objectiveName)
        }

        var featureNames: [String] = []
        if let names = try learner.optionalField("feature_names") {
            featureNames = try names.stringArray()
            guard featureNames.isEmpty || featureNames.count == featureCount else {
                throw TreeModelError.lengthMismatch(path: names.path, count: featureNames.count, expected: featureCount)
            }
        }
        var attributes: [String: String] = [:]
        if let attributesField = try learner.optionalField("attributes") {
            for member in try attributesField.members() {
                let value = JSONCursor(value: member.value, path: attributesField.path + "." + member.key, bytes: bytes)
                attributes[member.key] = try value.string()
            }
        }

        let model = try booster.field("model")
        let treesField = try model.field("trees")
        let treeItems = try treesField.items()
        if let declared = try model.optionalField("gbtree_model_param")?.optionalField("num_trees") {
            let count = try declared.intString()
            guard count == treeItems.count else {
                throw TreeModelError.lengthMismatch(path: treesField.path, count: treeItems.count, expected: count)
            }
        }
        if let info = try model.optionalField("tree_info") {
            let groups = try info.int32Array(count: treeItems.count)
            if let index = groups.firstIndex(where: { $0 != 0 }) {
                throw TreeModelError.invalidValue(
                    path: "\(info.path)[\(index)]", message: "output group \(groups[index]) in a single-output model")
            }
        }
        var trees: [Tree] = []
        trees.reserveCapacity(treeItems.count)
        for index in treeItems.indices {
            trees.append(try decodeTree(treesField.item(index, of: treeItems), index: index, featureCount: featureCount))
        }
        let categorical = try decodeCategoricalFeatures(learner: learner, model: model, trees: trees, featureCount: featureCount)
        return BoostedTrees(
            objective: objective, baseScore: baseScore, featureNames: featureNames,
            featureCount: featureCount, trees: trees, attributes: attributes, categoricalFeatures: categorical)
    }

    /// `base_score` is a string holding either a bare number ("5E-1", before 3.1) or a JSON
    /// array with one entry per output ("[4.021E-2]", 3.1+); `(...)` is accepted as XGBoost does.
    private static func parseBaseScore(_ field: JSONCursor) throws -> Float {
        if case .number = field.value { return try field.float() }
        var text = Array(try field.string().utf8)
        if text.first == UInt8(ascii: "("), text.last == UInt8(ascii: ")") {
            text[0] = UInt8(ascii: "[")
            text[text.count - 1] = UInt8(ascii: "]")
        }
        let values: [Float]
        do {
            values = try text.withUnsafeBufferPointer { inner in
                let cursor = JSONCursor(value: try JSONParser.parse(inner), path: field.path, bytes: inner)
                if case .array = cursor.value { return try cursor.floatArray(count: nil) }
                return [try cursor.float()]
            }
        } catch {
            throw TreeModelError.invalidValue(
                path: field.path, message: "expected a number or [number], found \"\(String(decoding: text, as: UTF8.self))\"")
        }
        guard values.count == 1 else {
            throw TreeModelError.multiTarget("base_score with \(values.count) entries")
        }
        return values[0]
    }

    private static func decodeTree(_ cursor: JSONCursor, index: Int, featureCount: Int) throws -> Tree {
        let treeParam = try cursor.field("tree_param")
        let countField = try treeParam.field("num_nodes")
        let count = try countField.intString()
        guard count >= 1 && count <= Int(Int32.max) else {
            throw TreeModelError.invalidValue(path: countField.path, message: "\(count) nodes")
        }
        if let leafVector = try treeParam.optionalField("size_leaf_vector")?.intString(), leafVector > 1 {
            throw TreeModelError.multiTarget("size_leaf_vector \(leafVector) at tree \(index) (vector-leaf trees)")
        }
        let childRange = -1...Int(Int32.max)
        let tree = Tree(
            leftChildren: try cursor.field("left_children").int32Array(count: count, range: childRange),
            rightChildren: try cursor.field("right_children").int32Array(count: count, range: childRange),
            parents: try cursor.field("parents").int32Array(count: count),
            splitIndices: try cursor.field("split_indices").int32Array(count: count, range: 0...Int(Int32.max)),
            splitConditions: try cursor.field("split_conditions").floatArray(count: count),
            defaultLeft: try cursor.field("default_left").boolArray(count: count),
            baseWeights: try cursor.field("base_weights").floatArray(count: count),
            lossChanges: try cursor.field("loss_changes").floatArray(count: count),
            sumHessians: try cursor.field("sum_hessian").floatArray(count: count),
            categoricalSplits: try decodeCategoricalSplits(cursor, nodeCount: count, index: index))
        try tree.validate(index: index, featureCount: featureCount)
        return tree
    }
}
