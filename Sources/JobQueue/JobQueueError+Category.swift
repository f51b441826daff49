import MLOpsErrors

extension JobQueueError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .notFound: .notFound
        case .invalidTransition: .conflict
        case .invalid: .invalid
        case .timedOut: .unavailable
        case .corrupt: .internal
        }
    }
}
