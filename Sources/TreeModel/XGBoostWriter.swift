import Foundation

/// Writing XGBoost's JSON model format, as XGBoost 3.2 writes it (keys sorted, every array of
/// `RegTree::SaveModel`, floats in shortest round-trip form).
extension BoostedTrees {
    /// The version written into saved documents.
    public static let xgboostVersion = [3, 2, 0]

    /// The model as an XGBoost JSON document that XGBoost (2.x/3.x) loads and predicts with
    /// identically. Trees whose siblings are not side by side (`right != left + 1`) or that
    /// hold unreachable nodes are renumbered breadth-first first (XGBoost's predictor requires
    /// `right == left + 1`); other trees are written unchanged, with `parents` recomputed.
    /// Throws for invalid trees or a model XGBoost cannot represent.
    public func xgboostJSON() throws -> [UInt8] {
        guard featureNames.isEmpty || featureNames.count == featureCount else {
            throw TreeModelError.unsavable("\(featureNames.count) feature names for \(featureCount) features")
        }
        guard baseScore.isFinite else { throw TreeModelError.unsavable("base score \(baseScore) is not finite") }
        if objective == .binaryLogistic && !(baseScore >= 0 && baseScore <= 1) {
            throw TreeModelError.unsavable("base score \(baseScore) is not a probability (binary:logistic)")
        }
        var writer = JSONWriter()
        writer.raw("{\"learner\":{\"attributes\":{")
        for (position, key) in attributes.keys.sorted().enumerated() {
            if position > 0 { writer.raw(",") }
            writer.string(key)
            writer.raw(":")
            writer.string(attributes[key] ?? "")
        }
        writer.raw("},\"feature_names\":[")
        for (position, name) in featureNames.enumerated() {
            if position > 0 { writer.raw(",") }
            writer.string(name)
        }
        writer.raw("],\"feature_types\":[")
        let typed = categoricalFeatures.isEmpty ? featureNames.count : featureCount
        for position in 0..<typed {
            if position > 0 { writer.raw(",") }
            writer.raw(isCategorical(position) ? "\"c\"" : "\"float\"")
        }
        writer.raw("],\"gradient_booster\":{\"model\":{")
        writeCategoryDictionary(into: &writer)
        writer.raw("\"gbtree_model_param\":{\"num_parallel_tree\":\"1\",\"num_trees\":")
        writer.string(String(trees.count))
        writer.raw("},\"iteration_indptr\":")
        writer.intArray(Array(0...trees.count))
        writer.raw(",\"tree_info\":")
        writer.intArray([Int](repeating: 0, count: trees.count))
        writer.raw(",\"trees\":[")
        for (index, original) in trees.enumerated() {
            try original.validate(index: index, featureCount: featureCount)
            let tree =
                original.isXGBoostLayout
                ? original : try original.renumbered(index: index, featureCount: featureCount)
            if index > 0 { writer.raw(",") }
            writeTree(tree, index: index, into: &writer)
        }
        writer.raw("]},\"name\":\"gbtree\"},\"learner_model_param\":{\"base_score\":")
        writer.string("[" + JSONWriter.format(baseScore) + "]")
        writer.raw(",\"boost_from_average\":\"1\",\"num_class\":\"0\",\"num_feature\":")
        writer.string(String(featureCount))
        writer.raw(",\"num_target\":\"1\"},\"objective\":{\"name\":")
        writer.string(objective.rawValue)
        writer.raw(",\"reg_loss_param\":{\"scale_pos_weight\":\"1\"}}},\"version\":")
        writer.intArray(BoostedTrees.xgboostVersion)
        writer.raw("}")
        return writer.bytes
    }

    /// Writes `xgboostJSON()` to `path` atomically.
    public func write(to path: String) throws {
        let bytes = try xgboostJSON()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TreeModelError.io(path: path, message: "cannot write model file (\(error.localizedDescription))")
        }
    }

    /// `cats`: XGBoost 3.x's category dictionary, so Python re-codes a DataFrame's categories
    /// into the model's codes. Per feature `enc` holds UTF-8 `values` (as signed bytes, as
    /// XGBoost writes them) cut by `offsets` (empty for numeric features); `feature_segments`
    /// accumulates the counts; `sorted_idx` is each feature's bytewise sort order. Written empty
    /// when some categorical feature has no dictionary (a model trained on integer codes).
    private func writeCategoryDictionary(into writer: inout JSONWriter) {
        let complete = !categoricalFeatures.isEmpty && categoricalFeatures.values.allSatisfy { !$0.isEmpty }
        guard complete else {
            writer.raw("\"cats\":{\"enc\":[],\"feature_segments\":[],\"sorted_idx\":[]},")
            return
        }
        var segments = [0]
        var sortedIndex: [Int] = []
        writer.raw("\"cats\":{\"enc\":[")
        for f in 0..<featureCount {
            if f > 0 { writer.raw(",") }
            let names = categoricalFeatures[f] ?? []
            var offsets = [0]
            var bytes: [Int] = []
            for name in names {
                bytes.append(contentsOf: name.utf8.map { Int(Int8(bitPattern: $0)) })
                offsets.append(bytes.count)
            }
            writer.raw("{\"offsets\":")
            writer.intArray(names.isEmpty ? [] : offsets)
            writer.raw(",\"values\":")
            writer.intArray(bytes)
            writer.raw("}")
            segments.append(segments[segments.count - 1] + names.count)
            sortedIndex.append(contentsOf: names.indices.sorted { Array(names[$0].utf8).lexicographicallyPrecedes(Array(names[$1].utf8)) })
        }
        writer.raw("],\"feature_segments\":")
        writer.intArray(segments)
        writer.raw(",\"sorted_idx\":")
        writer.intArray(sortedIndex)
        writer.raw("},")
    }

    private func writeTree(_ tree: Tree, index: Int, into writer: inout JSONWriter) {
        let count = tree.nodeCount
        writer.raw("{\"base_weights\":")
        writer.floatArray(tree.baseWeights)
        let categoricalNodes = tree.categoricalSplits.keys.sorted()
        var flat: [Int32] = []
        var segments: [Int] = []
        for node in categoricalNodes {
            segments.append(flat.count)
            flat.append(contentsOf: tree.categoricalSplits[node] ?? [])
        }
        writer.raw(",\"categories\":")
        writer.int32Array(flat)
        writer.raw(",\"categories_nodes\":")
        writer.intArray(categoricalNodes)
        writer.raw(",\"categories_segments\":")
        writer.intArray(segments)
        writer.raw(",\"categories_sizes\":")
        writer.intArray(categoricalNodes.map { tree.categoricalSplits[$0]?.count ?? 0 })
        writer.raw(",\"default_left\":")
        writer.intArray(tree.defaultLeft.map { $0 ? 1 : 0 })
        writer.raw(",\"id\":")
        writer.int(index)
        writer.raw(",\"left_children\":")
        writer.int32Array(tree.leftChildren)
        writer.raw(",\"loss_changes\":")
        writer.floatArray(tree.lossChanges)
        writer.raw(",\"parents\":")
        writer.int32Array(tree.computedParents())
        writer.raw(",\"right_children\":")
        writer.int32Array(tree.rightChildren)
        writer.raw(",\"split_conditions\":")
        writer.floatArray(tree.splitConditions)
        writer.raw(",\"split_indices\":")
        writer.int32Array(tree.splitIndices)
        writer.raw(",\"split_type\":")
        writer.intArray((0..<count).map { tree.categoricalSplits[$0] == nil ? 0 : 1 })
        writer.raw(",\"sum_hessian\":")
        writer.floatArray(tree.sumHessians)
        writer.raw(",\"tree_param\":{\"num_deleted\":\"0\",\"num_feature\":")
        writer.string(String(featureCount))
        writer.raw(",\"num_nodes\":")
        writer.string(String(count))
        writer.raw(",\"size_leaf_vector\":\"1\"}}")
    }
}

/// Appends compact JSON text to a byte buffer.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1 << 16)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Shortest text that reads back as the same float32. Non-finite values use the tokens
    /// XGBoost's reader accepts (`NaN`, `Infinity`, `-Infinity`).
    static func format(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    mutating func float(_ value: Float) {
        bytes.append(contentsOf: JSONWriter.format(value).utf8)
    }

    mutating func floatArray(_ values: [Float]) {
        bytes.append(UInt8(ascii: "["))
        for (position, value) in values.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            float(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func intArray(_ values: [Int]) {
        bytes.append(UInt8(ascii: "["))
        for (position, value) in values.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            int(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func int32Array(_ values: [Int32]) {
        intArray(values.map(Int.init))
    }

    /// A quoted string with JSON escapes.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                bytes.append(contentsOf: Array("\\u00".utf8) + Array((hex.count == 1 ? "0" + hex : hex).utf8))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
