import Foundation
import Hummingbird

/// JSON responses in MLflow's shapes, built as dictionaries and written with sorted keys.
enum MLflowResponse {
    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = JSONWriter.data(object)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ error: MLflowError) -> Response {
        json(["error_code": error.code, "message": error.message], status: error.status)
    }

    /// `{"key", "value"}` entries, sorted by key.
    static func keyValues(_ map: [String: String]) -> [[String: Any]] {
        map.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }
    }

    /// A metric value as MLflow's JSON writes it (non-finite values as strings).
    static func number(_ value: Double) -> Any {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return value
    }
}
