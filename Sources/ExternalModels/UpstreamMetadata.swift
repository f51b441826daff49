/// A v2 model metadata answer (`GET /v2/models/{name}`), the parts we read.
public struct UpstreamMetadata: Decodable, Sendable, Equatable {
    /// One tensor: name, datatype, shape (`-1` for a variable dimension).
    public struct Tensor: Decodable, Sendable, Equatable {
        public var name: String
        public var datatype: String
        public var shape: [Int]
    }

    public var name: String
    public var inputs: [Tensor]
    public var outputs: [Tensor]

    enum CodingKeys: String, CodingKey { case name, inputs, outputs }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        inputs = try container.decodeIfPresent([Tensor].self, forKey: .inputs) ?? []
        outputs = try container.decodeIfPresent([Tensor].self, forKey: .outputs) ?? []
    }

    public init(name: String, inputs: [Tensor], outputs: [Tensor]) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
    }

    static let numericTypes: Set<String> = ["FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64"]

    /// The spec for calling this model at `url`: `[-1]` / `[-1, 1]` inputs, one per feature, are
    /// the `features` layout, named after them (preferred when offered); a single `[-1, F]`
    /// input is the `tensor` layout (feature names from `featureNames`, else `f0…`). The output is `output` when given, else `predict`
    /// when listed, else the first.
    public func spec(
        url: String, featureNames: [String]? = nil, output: String? = nil, timeoutSeconds: Double
    ) throws(ExternalModelError) -> UpstreamSpec {
        func refuse(_ reason: String) -> ExternalModelError { .badMetadata(url: url, reason: reason) }
        guard !inputs.isEmpty else {
            throw refuse("it lists no inputs (MLServer lists only what model-settings.json declares)")
        }
        let chosenOutput: String
        if let output {
            guard outputs.isEmpty || outputs.contains(where: { $0.name == output }) else {
                throw refuse("no output named '\(output)' (outputs: \(outputs.map(\.name).joined(separator: ", ")))")
            }
            chosenOutput = output
        } else {
            chosenOutput = outputs.first(where: { $0.name == "predict" })?.name ?? outputs.first?.name ?? "predict"
        }
        let tensors = inputs.filter { $0.shape.count == 2 && $0.shape[1] > 1 }
        let columns = inputs.filter { $0.shape.count == 1 || ($0.shape.count == 2 && $0.shape[1] == 1) }
        guard tensors.count + columns.count == inputs.count, tensors.count <= 1 else {
            throw refuse(
                "its inputs \(inputs.map { "\($0.name) \($0.shape)" }) are neither one [-1, F] tensor nor one [-1] tensor per feature")
        }
        // One tensor per feature when the upstream offers it (mlops serve offers both for
        // all-numeric models): named columns, and categories as BYTES.
        if let input = tensors.first, columns.isEmpty || columns.count != input.shape[1] {
            guard Self.numericTypes.contains(input.datatype) else { throw refuse("input '\(input.name)' is \(input.datatype), not a number type") }
            let width = input.shape[1]
            let names = featureNames ?? (0..<width).map { "f\($0)" }
            guard names.count == width else {
                throw refuse("input '\(input.name)' is \(width) wide, but \(names.count) feature names were given")
            }
            return UpstreamSpec(
                url: url, layout: .tensor, tensorName: input.name,
                features: names.map { .init(name: $0, datatype: input.datatype) }, output: chosenOutput, timeoutSeconds: timeoutSeconds)
        }
        for input in columns where input.datatype != "BYTES" && !Self.numericTypes.contains(input.datatype) {
            throw refuse("input '\(input.name)' is \(input.datatype)")
        }
        if let featureNames, featureNames != columns.map(\.name) {
            throw refuse("its inputs are \(columns.map(\.name)), not the features given (\(featureNames))")
        }
        return UpstreamSpec(
            url: url, layout: .features, tensorName: nil,
            features: columns.map { .init(name: $0.name, datatype: $0.datatype) }, output: chosenOutput, timeoutSeconds: timeoutSeconds)
    }
}
