/// What went wrong with object storage, named for the operator.
public enum S3Error: Error, Equatable, CustomStringConvertible {
    /// S3 answered with an error (`<Error><Code>…`): status, S3's code and message, the object.
    case service(status: Int, code: String, message: String, operation: String, resource: String)
    /// No answer (connection refused or dropped, timeout) after the retries.
    case unreachable(operation: String, resource: String, reason: String)
    case invalidLocation(String)
    case missingCredentials(String)
    /// The server answered something this client cannot read.
    case malformedResponse(operation: String, reason: String)

    public var description: String {
        switch self {
        case .service(let status, let code, let message, let operation, let resource):
            let hint: String
            switch code {
            case "NoSuchBucket": hint = " (the platform never creates buckets: create it first)"
            case "SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied": hint = " (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
            default: hint = ""
            }
            return "S3 \(operation) of \(resource) failed: \(status) \(code)\(message.isEmpty ? "" : ": \(message)")\(hint)"
        case .unreachable(let operation, let resource, let reason): return "S3 \(operation) of \(resource) failed: \(reason)"
        case .invalidLocation(let message): return message
        case .missingCredentials(let message): return "no S3 credentials: \(message)"
        case .malformedResponse(let operation, let reason): return "S3 \(operation): unreadable answer: \(reason)"
        }
    }

    /// Worth retrying: throttling, server errors, no answer.
    var isTransient: Bool {
        switch self {
        case .service(let status, let code, _, _, _): status >= 500 || status == 429 || code == "SlowDown" || code == "RequestTimeout"
        case .unreachable: true
        default: false
        }
    }
}
