/// One `key operator value` clause of a filter.
public struct Comparison: Sendable, Hashable, CustomStringConvertible {
    /// What the clause looks at.
    public var key: SearchKey
    /// How it compares.
    public var op: ComparisonOperator
    /// What it compares against.
    public var value: SearchValue

    /// Creates a clause. The parser validates clauses; this initialiser does not.
    public init(key: SearchKey, op: ComparisonOperator, value: SearchValue) {
        self.key = key
        self.op = op
        self.value = value
    }

    /// The clause written back in MLflow syntax.
    public var description: String { "\(key) \(op) \(value)" }
}
