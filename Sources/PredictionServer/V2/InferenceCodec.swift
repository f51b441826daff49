import Foundation
import HTTPAccess
import HTTPTypes
import Hummingbird
import MLOpsLogging
import NIOCore

/// The model side of the Open Inference Protocol v2: a model's tensors (one input per feature,
/// `BYTES` for categorical ones; for all-numeric models also one `[N, F]` tensor named `input`;
/// one output `predict`), requests laid out as the rows a model reads, and the response, JSON or
/// with the binary tensor data extension.
enum InferenceCodec {
    static let outputName = "predict"
    static let matrixName = "input"

    struct TensorMetadata: Encodable {
        let name: String
        let datatype: String
        let shape: [Int]
    }

    struct ModelMetadata: Encodable {
        let name: String
        let versions: [String]
        let platform: String
        let inputs: [TensorMetadata]
        let outputs: [TensorMetadata]
    }

    static func metadata(_ version: ServedVersion, versions: [Int]) -> ModelMetadata {
        var inputs = version.featureNames.enumerated().map { i, name in
            TensorMetadata(name: name, datatype: version.categoricalPositions.contains(i) ? "BYTES" : "FP32", shape: [-1])
        }
        if version.categoricalPositions.isEmpty && !version.featureNames.contains(matrixName) {
            inputs.append(TensorMetadata(name: matrixName, datatype: "FP32", shape: [-1, version.featureNames.count]))
        }
        return ModelMetadata(
            name: version.model, versions: versions.map(String.init), platform: "mlops_\(version.flavor)", inputs: inputs,
            outputs: [TensorMetadata(name: outputName, datatype: "FP32", shape: [-1])])
    }

    /// The request's tensors as rows in `version`'s feature order: one `[N, F]` tensor named
    /// `input`, or one `[N]` / `[N, 1]` tensor per feature (every feature, no other).
    static func rows(_ request: InferenceRequest, for version: ServedVersion, maxRows: Int) throws(APIError) -> RequestRows {
        let names = version.featureNames
        let width = names.count
        if request.inputs.count == 1, request.inputs[0].name == matrixName, !names.contains(matrixName) {
            let tensor = request.inputs[0]
            guard tensor.shape.count == 2, tensor.shape[1] == width else {
                throw .badRequest(
                    "input \"\(matrixName)\" must have shape [N, \(width)] (the model's \(width) features in order), got \(tensor.shape)")
            }
            guard case .numbers(let values) = tensor.elements else {
                throw .badRequest("input \"\(matrixName)\" must be numeric; send categorical features as one BYTES input each")
            }
            guard tensor.shape[0] <= maxRows else { throw .badRequest("\(tensor.shape[0]) rows is more than the limit of \(maxRows) per request") }
            var rows = RequestRows(count: tensor.shape[0], width: width)
            for (i, value) in values.enumerated() {
                guard !value.isInfinite else { throw .badRequest("input \"\(matrixName)\": element \(i) is not finite") }
                rows.values[i] = value
            }
            return rows
        }
        var byName: [String: InferenceTensor] = [:]
        for tensor in request.inputs {
            guard byName[tensor.name] == nil else { throw .badRequest("input \"\(tensor.name)\" is given twice") }
            guard version.featureIndex[tensor.name] != nil else {
                throw .badRequest(
                    "unknown input \"\(tensor.name)\": the model's inputs are its features (\(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? ", …" : ""))"
                )
            }
            if case .strings = tensor.elements, !version.categoricalPositions.contains(version.featureIndex[tensor.name]!) {
                throw .badRequest("input \"\(tensor.name)\" is BYTES but the model reads \"\(tensor.name)\" as a number (send FP32 or FP64)")
            }
            guard tensor.shape.count == 1 || (tensor.shape.count == 2 && tensor.shape[1] == 1) else {
                throw .badRequest("input \"\(tensor.name)\" must have shape [N] or [N, 1], got \(tensor.shape)")
            }
            byName[tensor.name] = tensor
        }
        if let missing = names.first(where: { byName[$0] == nil }) {
            throw .badRequest(
                "input \"\(missing)\" is missing: the model reads \(width) features, each an input (or one [N, \(width)] \"\(matrixName)\")")
        }
        let count = byName[names[0]]!.shape[0]
        guard count <= maxRows else { throw .badRequest("\(count) rows is more than the limit of \(maxRows) per request") }
        var rows = RequestRows(count: count, width: width)
        for (f, name) in names.enumerated() {
            let tensor = byName[name]!
            guard tensor.shape[0] == count else {
                throw .badRequest("input \"\(name)\" has \(tensor.shape[0]) rows but \"\(names[0])\" has \(count)")
            }
            switch tensor.elements {
            case .numbers(let values):
                for (r, value) in values.enumerated() {
                    guard !value.isInfinite else { throw .badRequest("input \"\(name)\": row \(r) is not finite") }
                    rows.values[r * width + f] = value
                }
            case .strings(let texts):
                for (r, text) in texts.enumerated() where !text.isEmpty {
                    try rows.set(r * width + f, .text(text), feature: name, row: r, categorical: true)
                }
            }
        }
        return rows
    }

    /// The response: `model_name`, `model_version`, the client's `id`, the server's request id
    /// and arm in `parameters`, and `predict` FP32 `[N]` — as JSON data, or binary after the JSON
    /// (with `Inference-Header-Content-Length`) when the client asked for binary output.
    static func response(
        model: String, version: Int, clientID: String?, requestID: String?, arm: String?, scores: [Float], binary: Bool
    ) -> Response {
        let (headers, buffer) = encoded(
            model: model, version: version, clientID: clientID, requestID: requestID, arm: arm, scores: scores, binary: binary)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// `response`'s headers and body (the predict fast path writes them itself).
    static func encoded(
        model: String, version: Int, clientID: String?, requestID: String?, arm: String?, scores: [Float], binary: Bool
    ) -> (headers: HTTPFields, body: ByteBuffer) {
        var json = "{\"model_name\":\(JSONText.quoted(model)),\"model_version\":\"\(version)\""
        if let clientID { json += ",\"id\":\(JSONText.quoted(clientID))" }
        var parameters: [String] = []
        if let requestID { parameters.append("\"request_id\":\"\(requestID)\"") }
        if let arm { parameters.append("\"arm\":\"\(arm)\"") }
        if !parameters.isEmpty { json += ",\"parameters\":{" + parameters.joined(separator: ",") + "}" }
        json += ",\"outputs\":[{\"name\":\"\(outputName)\",\"datatype\":\"FP32\",\"shape\":[\(scores.count)]"
        var headers: HTTPFields = [:]
        if let requestID { headers[HTTPField.Name("X-Request-Id")!] = requestID }
        var buffer = ByteBuffer()
        if binary {
            json += ",\"parameters\":{\"binary_data_size\":\(scores.count * 4)}}]}"
            let header = Array(json.utf8)
            buffer.reserveCapacity(header.count + scores.count * 4)
            buffer.writeBytes(header)
            for score in scores { buffer.writeInteger(score.bitPattern, endianness: .little) }
            headers[.contentType] = "application/octet-stream"
            headers[HTTPField.Name("Inference-Header-Content-Length")!] = String(header.count)
        } else {
            json += ",\"data\":[" + scores.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",") + "]}]}"
            buffer.writeString(json)
            headers[.contentType] = "application/json"
        }
        return (headers, buffer)
    }

    /// A refused call (no token, a too-weak role, the token store away) in the protocol's shape.
    static let refusalShape = RefusalShape { status, message in error(APIError(status: status, code: "refused", message: message)) }

    /// An error in the protocol's shape: `{"error": "…"}` with the status.

    static func error(_ error: APIError) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString("{\"error\":\(JSONText.quoted(error.message))}")
        return Response(status: error.status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }
}
