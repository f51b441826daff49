/// How a model turns raw category values into the numbers its row-wise predict reads: the tree
/// models' dictionary codes (`CategoryEncoder`), or a hashed model's bucket numbers
/// (`CategoryHasher`). The serving path and the CSV path re-code through this one interface.
public protocol CategoryCoding: Sendable {
    /// Whether the model has no categorical feature.
    var isEmpty: Bool { get }
    /// Whether feature `f` (by position) is categorical.
    func isCategorical(_ f: Int) -> Bool
    /// The number the model reads for a raw text value of categorical feature `f`: NaN for the
    /// missing markers, `CategoryCodes.unseen` for a value the model has no code for.
    func code(_ f: Int, _ value: String) -> Float
}

extension CategoryCoding {
    /// The code of a number given for categorical feature `f` (read as its text).
    public func code(_ f: Int, number: Double) -> Float {
        number.isNaN ? .nan : code(f, CategoryText.canonical(number: number))
    }

    /// The dataset's columns with each categorical feature's codes translated from the
    /// dataset's categories (or, for a column read as numbers, from each number's text) into
    /// the model's codes; other columns are unchanged. Columns match features by position.
    public func recode(_ dataset: Dataset) -> [[Float]] {
        var columns = dataset.columns
        for f in columns.indices where isCategorical(f) {
            if let names = dataset.categories[f] {
                let map = names.map { code(f, $0) }
                columns[f] = columns[f].map { $0.isNaN ? .nan : map[Int($0)] }
            } else {
                columns[f] = columns[f].map { code(f, number: Double($0)) }
            }
        }
        return columns
    }
}

/// Code values shared by every `CategoryCoding`.
public enum CategoryCodes {
    /// The code of a value a model has never seen (no code in its dictionary). A hashed model
    /// has a bucket for every value and never answers it.
    public static let unseen: Float = -1
}
