import CanaryRollout
import Foundation
import PipelineSpec
import Testing

@Suite struct CodableTests {
    static func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func shippedExampleRoundTrips() throws {
        let pipeline = try PipelineLoader.parse(yaml: Fixtures.ctrRetrain, path: "pipelines/ctr-retrain.yaml")
        #expect(try Self.roundTrip(pipeline) == pipeline)
    }

    @Test func everyOptionShapeRoundTrips() throws {
        let yaml =
            Fixtures.pipeline(
                steps: """
                      - extract: { sql: SELECT 1, database: "env:DB_URL", label: y, timeout: 10m }
                      - validate: { expect: [{ column: a, min: -1.5 }, { column: b, max: 3, not_null: true }] }
                      - train: { algorithm: logreg }
                      - register: { description: d }
                      - canary: { shadow: true, metric: ctr }
                      - command: { run: [a, b], env: { K: v }, workdir: w, retries: 0 }

                    """) + "drift: { threshold: 0.125 }\nschedule: \"0 3 * * 1\"\n"
        let pipeline = try PipelineLoader.parse(yaml: yaml, path: Fixtures.path)
        #expect(try Self.roundTrip(pipeline) == pipeline)
        #expect(pipeline.drift?.threshold == .psi(0.125))
        for threshold in [DriftThreshold.significant, .moderate, .psi(0.3)] {
            #expect(try Self.roundTrip(DriftTrigger(threshold: threshold)) == DriftTrigger(threshold: threshold))
        }
    }

    @Test func stepKindEncodesAsKindAndOptions() throws {
        let train = StepKind.train(TrainOptions(algorithm: .gbdt, params: ["eta": "0.1"]))
        #expect(try Self.json(train) == #"{"kind":"train","options":{"algorithm":"gbdt","params":{"eta":"0.1"}}}"#)
        let extract = StepKind.extract(ExtractOptions(source: .files(["a.csv"])))
        #expect(try Self.json(extract) == #"{"kind":"extract","options":{"files":["a.csv"],"label":"label"}}"#)
        let canary = StepKind.canary(RolloutPlan(steps: [5, 20, 100], holdSeconds: 600))
        let decoded = try JSONDecoder().decode(StepKind.self, from: Data(try Self.json(canary).utf8))
        #expect(decoded == canary, "a canary step's plan round-trips")
        // Runs stored before the plan had one decoder keep reading back: the old options' JSON.
        let stored = Data(
            #"{"kind":"canary","options":{"hold_seconds":1800,"metric":"logloss","min_samples":5000,"shadow":false,"steps":[5,20,100]}}"#.utf8)
        #expect(try JSONDecoder().decode(StepKind.self, from: stored) == .canary(RolloutPlan()))
        #expect(try Self.json(DriftThreshold.significant) == #""significant""#)
        #expect(try Self.json(DriftThreshold.psi(0.5)) == "0.5")
    }

    @Test func decodingRejectsUnknownKinds() {
        let data = Data(#"{"kind":"deploy","options":{}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(StepKind.self, from: data) }
    }
}
