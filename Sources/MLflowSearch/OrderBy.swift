/// One `order_by` item: a key and a direction.
public struct OrderBy: Sendable, Hashable, CustomStringConvertible {
    /// What to sort on.
    public var key: SearchKey
    /// `true` for `ASC` (the default), `false` for `DESC`.
    public var ascending: Bool

    /// Creates an item; `ascending` defaults to `true` as in MLflow.
    public init(key: SearchKey, ascending: Bool = true) {
        self.key = key
        self.ascending = ascending
    }

    /// The item written back in MLflow syntax, e.g. `metrics.rmse DESC`.
    public var description: String { "\(key) \(ascending ? "ASC" : "DESC")" }
}
