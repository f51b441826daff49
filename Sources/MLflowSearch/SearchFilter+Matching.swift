extension SearchFilter {
    /// Whether `record` satisfies every clause.
    ///
    /// As in MLflow, a clause on a key the record does not have is false
    /// (a run without the metric never matches, even with `!=`). One
    /// exception, also MLflow's: for registered models and model versions a
    /// missing `mlflow.prompt.is_prompt` tag counts as `'false'` for `=` and
    /// `!=`, so the client's ``!= 'true'`` clause keeps ordinary models.
    public func matches(_ record: some SearchableRecord) -> Bool {
        for comparison in comparisons {
            let lhs = record.value(for: comparison.key)
            if lhs == nil, isPromptTagClause(comparison) {
                guard comparison.evaluate(.string("false")) else { return false }
                continue
            }
            guard comparison.evaluate(lhs) else { return false }
        }
        return true
    }

    private func isPromptTagClause(_ comparison: Comparison) -> Bool {
        (entity == .registeredModels || entity == .modelVersions)
            && comparison.key == .tag(Self.promptTagKey)
            && (comparison.op == .equal || comparison.op == .notEqual)
    }
}

extension Comparison {
    /// Evaluates the clause against the record's value for its key.
    func evaluate(_ lhs: SearchValue?) -> Bool {
        guard let lhs else { return false }
        switch op {
        case .in, .notIn:
            guard case .list(let items) = value, let text = lhs.textValue else { return false }
            return items.contains(text) == (op == .in)
        case .like, .ilike:
            guard case .string(let pattern) = value, let text = lhs.textValue else { return false }
            return LikePattern(pattern, caseInsensitive: op == .ilike).matches(text)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            switch value {
            case .number(let right):
                guard let left = lhs.numericValue else { return false }
                return Self.compare(left, right, op)
            case .string(let right):
                guard let left = lhs.textValue else { return false }
                return Self.compare(left, right, op)
            case .list:
                return false
            }
        }
    }

    private static func compare(_ left: Double, _ right: Double, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less: return left < right
        case .lessOrEqual: return left <= right
        case .greater: return left > right
        case .greaterOrEqual: return left >= right
        default: return false
        }
    }

    private static func compare(_ left: String, _ right: String, _ op: ComparisonOperator) -> Bool {
        // Exact (code point) comparison, like Python's `==` on str and SQL binary collation.
        let order =
            left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars)
            ? -1
            : (right.unicodeScalars.lexicographicallyPrecedes(left.unicodeScalars) ? 1 : 0)
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        default: return false
        }
    }
}

extension SearchValue {
    /// The value as text, for string comparisons (numbers are formatted).
    var textValue: String? {
        switch self {
        case .string(let text): return text
        case .number(let number): return SearchValue.format(number)
        case .list: return nil
        }
    }

    /// The value as a number, for numeric comparisons (numeric strings are parsed).
    var numericValue: Double? {
        switch self {
        case .number(let number): return number
        case .string(let text): return Double(text)
        case .list: return nil
        }
    }
}
