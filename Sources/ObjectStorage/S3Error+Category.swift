import MLOpsErrors

extension S3Error: CategorizedError {
    /// Throttling, server errors and no answer are `unavailable` (a caller may retry later); a
    /// missing object is `notFound`; the rest (credentials, a missing bucket, configuration) is
    /// the operator's to fix.
    public var category: ErrorCategory {
        if isTransient { return .unavailable }
        if case .service(404, let code, _, _, _) = self, code == "NoSuchKey" { return .notFound }
        return .internal
    }
}
