/// Errors of the job queue, each naming the job at fault.
public enum JobQueueError: Error, CustomStringConvertible, Equatable {
    case notFound(id: Int64)
    case invalidTransition(id: Int64, state: JobState, action: String)
    case invalid(String)
    case corrupt(String)
    case timedOut(seconds: Double)

    public var description: String {
        switch self {
        case .notFound(let id): "job \(id) does not exist"
        case .invalidTransition(let id, let state, let action): "job \(id) is \(state); it cannot be \(action)"
        case .invalid(let message): message
        case .corrupt(let message): "the jobs table holds something unexpected: \(message)"
        case .timedOut(let seconds): "timed out after \(Self.seconds(seconds))"
        }
    }

    static func seconds(_ s: Double) -> String {
        s >= 1 && s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}
