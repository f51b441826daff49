import MLOpsErrors

extension AccessError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .tokenNotFound: .notFound
        case .tokenExists: .alreadyExists
        case .invalidName: .invalid
        }
    }
}
