import MLOpsErrors

extension TrackingError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .experimentNotFound, .runNotFound, .loggedModelNotFound: .notFound
        case .experimentExists: .alreadyExists
        case .invalid: .invalid
        case .invalidState: .conflict
        }
    }
}
