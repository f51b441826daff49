import Foundation

/// How an `external` version reaches the model that answers for it: the upstream's v2 model URL
/// (`http://mlserver:8080/v2/models/ctr`, optionally `/versions/N`), how rows become its input
/// tensors, which output holds the score, and how long a call may take. Written as
/// `upstream.json` in the version's archive by `mlops registry register-external` from the
/// upstream's own v2 metadata.
public struct UpstreamSpec: Codable, Sendable, Equatable {
    /// How request rows become input tensors.
    public enum Layout: String, Codable, Sendable {
        /// One `[N, F]` tensor named `tensorName` (MLServer's XGBoost runtime, Triton's FIL).
        case tensor
        /// One `[N]` tensor per feature, named after it (`BYTES` for categorical features).
        case features
    }

    /// One input feature: its name and the tensor datatype it is sent as.
    public struct Feature: Codable, Sendable, Equatable {
        public var name: String
        public var datatype: String

        public init(name: String, datatype: String) {
            self.name = name
            self.datatype = datatype
        }
    }

    /// The upstream's v2 model URL, without a trailing slash.
    public var url: String
    public var layout: Layout
    /// The single input's name (`tensor` layout).
    public var tensorName: String?
    /// The features in the order rows carry them.
    public var features: [Feature]
    /// The output holding the score; `[N]` / `[N, 1]` is the score, `[N, 2]` its second column
    /// (class probabilities).
    public var output: String
    public var timeoutSeconds: Double

    /// The file name in a version's archive.
    public static let fileName = "upstream.json"

    public init(url: String, layout: Layout, tensorName: String?, features: [Feature], output: String, timeoutSeconds: Double) {
        self.url = url
        self.layout = layout
        self.tensorName = tensorName
        self.features = features
        self.output = output
        self.timeoutSeconds = timeoutSeconds
    }

    /// The features read as categories (sent as `BYTES`).
    public var categoricalFeatures: [String] { features.filter { $0.datatype == "BYTES" }.map(\.name) }

    enum CodingKeys: String, CodingKey {
        case url, layout, features, output
        case tensorName = "tensor_name"
        case timeoutSeconds = "timeout_seconds"
    }

    /// Reads `upstream.json` from a version's directory.
    public static func read(directory: String) throws(ExternalModelError) -> UpstreamSpec {
        let path = (directory as NSString).appendingPathComponent(fileName)
        do {
            return try JSONDecoder().decode(UpstreamSpec.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .badSpec("\(path): \(error)")
        }
    }

    /// Writes `upstream.json` into `directory`.
    public func write(directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(Self.fileName)), options: .atomic)
    }
}

/// What went wrong with an external model: its spec, its metadata, or a call to it.
public enum ExternalModelError: Error, Equatable, CustomStringConvertible {
    case badSpec(String)
    case badMetadata(url: String, reason: String)
    case upstream(url: String, reason: String)

    public var description: String {
        switch self {
        case .badSpec(let reason): "unreadable upstream spec: \(reason)"
        case .badMetadata(let url, let reason): "the v2 metadata of \(url) does not describe a model we can call: \(reason)"
        case .upstream(let url, let reason): "the upstream \(url) failed: \(reason)"
        }
    }
}
