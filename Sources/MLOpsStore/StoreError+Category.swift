import MLOpsErrors

extension StoreError: CategorizedError {
    /// A store that is away, busy or failing a statement is unavailable (the request may work
    /// later); a duplicate is a conflict; a value that does not fit a column is invalid; stored data this binary cannot read is internal.
    public var category: ErrorCategory {
        switch self {
        case .unavailable, .checkoutTimeout, .statement: .unavailable
        case .uniqueViolation: .conflict
        case .invalidValue: .invalid
        case .decoding, .migration, .configuration: .internal
        }
    }
}
