/// Reading the categorical parts of an XGBoost 3.x model: each tree's category sets
/// (`split_type`, `categories`, `categories_nodes`, `categories_segments`, `categories_sizes`),
/// `learner.feature_types` and the category dictionary `gradient_booster.model.cats`.
extension BoostedTrees {
    /// The category sets of one tree, by node; empty when the tree has no categorical split.
    static func decodeCategoricalSplits(_ tree: JSONCursor, nodeCount count: Int, index: Int) throws -> [Int: [Int32]] {
        guard let splitTypes = try tree.optionalField("split_type") else { return [:] }
        let types = try splitTypes.int32Array(count: count, range: 0...1)
        let categoricalNodes = Set(types.indices.filter { types[$0] == 1 })
        guard !categoricalNodes.isEmpty else { return [:] }
        let nodesField = try tree.field("categories_nodes")
        let nodes = try nodesField.int32Array(count: nil, range: 0...(count - 1))
        let segments = try tree.field("categories_segments").int32Array(count: nodes.count, range: 0...Int(Int32.max))
        let sizes = try tree.field("categories_sizes").int32Array(count: nodes.count, range: 0...Int(Int32.max))
        let categoriesField = try tree.field("categories")
        let categories = try categoriesField.int32Array(count: nil, range: 0...Int(Int32.max))
        var sets: [Int: [Int32]] = [:]
        for k in nodes.indices {
            let node = Int(nodes[k])
            guard categoricalNodes.contains(node) else {
                throw TreeModelError.invalidValue(
                    path: "\(nodesField.path)[\(k)]", message: "node \(node) is listed but its split_type is not 1")
            }
            let start = Int(segments[k])
            let end = start + Int(sizes[k])
            guard end <= categories.count else {
                throw TreeModelError.invalidValue(
                    path: categoriesField.path, message: "node \(node)'s segment \(start)..<\(end) is beyond its \(categories.count) entries")
            }
            sets[node] = Array(Set(categories[start..<end])).sorted()
        }
        if let missing = categoricalNodes.sorted().first(where: { sets[$0] == nil }) {
            throw TreeModelError.invalidValue(path: nodesField.path, message: "categorical node \(missing) (split_type 1) has no category set")
        }
        return sets
    }

    /// Which features are categorical and their dictionaries: features typed `c` in
    /// `learner.feature_types` or split categorically by a tree, with the names from `cats.enc`
    /// (strings, or integers written as text); empty when the model stores none.
    static func decodeCategoricalFeatures(
        learner: JSONCursor, model: JSONCursor, trees: [Tree], featureCount: Int
    ) throws -> [Int: [String]] {
        var categorical = Set<Int>()
        if let types = try learner.optionalField("feature_types") {
            let names = try types.stringArray()
            guard names.isEmpty || names.count == featureCount else {
                throw TreeModelError.lengthMismatch(path: types.path, count: names.count, expected: featureCount)
            }
            categorical.formUnion(names.indices.filter { names[$0] == "c" })
        }
        for tree in trees {
            for node in tree.categoricalSplits.keys { categorical.insert(Int(tree.splitIndices[node])) }
        }
        guard !categorical.isEmpty else { return [:] }
        var dictionaries = [[String]](repeating: [], count: featureCount)
        if let enc = try model.optionalField("cats")?.optionalField("enc") {
            let entries = try enc.items()
            if !entries.isEmpty {
                guard entries.count == featureCount else {
                    throw TreeModelError.lengthMismatch(path: enc.path, count: entries.count, expected: featureCount)
                }
                for f in 0..<featureCount {
                    dictionaries[f] = try decodeCategoryNames(enc.item(f, of: entries))
                }
            }
        }
        var result: [Int: [String]] = [:]
        for f in categorical.sorted() { result[f] = dictionaries[f] }
        return result
    }

    /// One `cats.enc` entry: `{"offsets", "values"}` (UTF-8 bytes, possibly as signed int8) or
    /// `{"type", "values"}` (integer category names).
    private static func decodeCategoryNames(_ entry: JSONCursor) throws -> [String] {
        if let offsetsField = try entry.optionalField("offsets") {
            let offsets = try offsetsField.int32Array(count: nil, range: 0...Int(Int32.max))
            let valuesField = try entry.field("values")
            let bytes = try valuesField.int32Array(count: nil, range: -128...255).map { UInt8(truncatingIfNeeded: $0) }
            guard !offsets.isEmpty else { return [] }
            var names: [String] = []
            names.reserveCapacity(offsets.count - 1)
            for k in 0..<(offsets.count - 1) {
                let start = Int(offsets[k])
                let end = Int(offsets[k + 1])
                guard start <= end, end <= bytes.count else {
                    throw TreeModelError.invalidValue(
                        path: "\(offsetsField.path)[\(k)]", message: "category \(k) spans \(start)..<\(end) of \(bytes.count) bytes")
                }
                names.append(String(decoding: bytes[start..<end], as: UTF8.self))
            }
            return names
        }
        let valuesField = try entry.field("values")
        let items = try valuesField.items()
        return try items.indices.map { String(try valuesField.item($0, of: items).int()) }
    }
}
