import Foundation
import OutgoingHTTP

/// Calls a model served elsewhere over the v2 protocol (JSON tensors, pooled keep-alive
/// connections of the shared outgoing client, the spec's timeout per call).
public struct UpstreamClient: Sendable {
    public let spec: UpstreamSpec
    let http: OutgoingHTTPClient

    public init(spec: UpstreamSpec, http: OutgoingHTTPClient = .shared) {
        self.spec = spec
        self.http = http
    }

    /// The v2 metadata at `url` (`GET`), for registration.
    public static func metadata(url: String, timeoutSeconds: Double = 10, http: OutgoingHTTPClient = .shared) async throws(ExternalModelError)
        -> UpstreamMetadata
    {
        let response: OutgoingResponse
        do {
            response = try await http.send("GET", url: url, timeout: .milliseconds(Int64(timeoutSeconds * 1000)), maxResponseBytes: 4 << 20)
        } catch {
            throw .badMetadata(url: url, reason: "\(error)")
        }
        guard response.status == 200 else {
            throw .badMetadata(url: url, reason: "it answered \(response.status): \(response.text.prefix(300))")
        }
        do {
            return try JSONDecoder().decode(UpstreamMetadata.self, from: Data(response.body))
        } catch {
            throw .badMetadata(url: url, reason: "unreadable metadata: \(error)")
        }
    }

    /// Scores `count` rows, row-major in the spec's feature order (`values`: NaN = missing;
    /// `texts`: the category text of a cell, when it has one).
    public func infer(count: Int, values: [Double], texts: [String?]?) async throws(ExternalModelError) -> [Float] {
        let url = spec.url + "/infer"
        let body = try requestBody(count: count, values: values, texts: texts)
        let response: OutgoingResponse
        do {
            response = try await http.send(
                "POST", url: url, headers: [(name: "Content-Type", value: "application/json")], body: body,
                timeout: .milliseconds(Int64(spec.timeoutSeconds * 1000)), maxResponseBytes: 64 << 20)
        } catch {
            throw .upstream(url: url, reason: "\(error)")
        }
        guard response.status == 200 else {
            throw .upstream(url: url, reason: "it answered \(response.status): \(response.text.prefix(300))")
        }
        return try scores(from: response.body, count: count, url: url)
    }

    func requestBody(count: Int, values: [Double], texts: [String?]?) throws(ExternalModelError) -> [UInt8] {
        let width = spec.features.count
        func number(_ value: Double) -> Any { value.isFinite ? value : NSNull() }
        var inputs: [[String: Any]] = []
        switch spec.layout {
        case .tensor:
            if let texts, texts.contains(where: { $0 != nil }) {
                throw .upstream(url: spec.url, reason: "its single numeric tensor cannot take category strings")
            }
            inputs.append([
                "name": spec.tensorName ?? "input", "datatype": spec.features.first?.datatype ?? "FP32", "shape": [count, width],
                "data": values.map(number),
            ])
        case .features:
            for (f, feature) in spec.features.enumerated() {
                let data: [Any] =
                    feature.datatype == "BYTES"
                    ? (0..<count).map { r in
                        texts?[r * width + f] ?? (values[r * width + f].isFinite ? Self.text(values[r * width + f]) : "")
                    }
                    : (0..<count).map { r in
                        if texts?[r * width + f] != nil { return NSNull() }
                        return number(values[r * width + f])
                    }
                inputs.append(["name": feature.name, "datatype": feature.datatype, "shape": [count], "data": data])
            }
        }
        var request: [String: Any] = ["inputs": inputs, "outputs": [["name": spec.output]]]
        // MLServer reads one tensor per feature as a data frame only when asked to.
        if spec.layout == .features { request["parameters"] = ["content_type": "pd"] }
        do {
            return Array(try JSONSerialization.data(withJSONObject: request))
        } catch {
            throw .upstream(url: spec.url, reason: "cannot encode the request: \(error)")
        }
    }

    /// An integer-valued number as integer text (`3`, not `3.0`), as categories are read.
    static func text(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    func scores(from body: [UInt8], count: Int, url: String) throws(ExternalModelError) -> [Float] {
        func refuse(_ reason: String) -> ExternalModelError { .upstream(url: url, reason: reason) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let outputs = object["outputs"] as? [[String: Any]]
        else { throw refuse("its answer is not a v2 inference response") }
        guard let output = outputs.first(where: { $0["name"] as? String == spec.output }) ?? (outputs.count == 1 ? outputs[0] : nil),
            let data = output["data"] as? [Any]
        else { throw refuse("its answer has no output '\(spec.output)'") }
        let numbers = data.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
        let columns = count > 0 ? numbers.count / count : 0
        guard count > 0, numbers.count == count * columns, columns == 1 || columns == 2 else {
            throw refuse("output '\(spec.output)' has \(numbers.count) values for \(count) rows")
        }
        return (0..<count).map { Float(numbers[$0 * columns + columns - 1]) }
    }
}
