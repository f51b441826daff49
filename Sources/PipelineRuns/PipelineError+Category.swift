import MLOpsErrors

extension PipelineError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .runNotFound, .pipelineNotFound: .notFound
        case .alreadyRunning: .conflict
        case .corrupt: .internal
        }
    }
}
