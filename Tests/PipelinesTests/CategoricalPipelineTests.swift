import Foundation
import MLOpsTestSupport
import PipelineSpec
import Pipelines
import TabularData
import Testing

/// A pipeline retrains on click logs with raw ids: its `train` step takes `categorical:` and
/// `exclude:`, its `validate` step bounds the share of ids the champion has never seen.
@Suite struct CategoricalPipelineTests {
    static func yaml(maxUnseen: Double) -> String {
        """
        name: clicks
        model: clicks
        steps:
          - extract: { files: ["data/week.csv"], label: click }
          - validate: { min_rows: 500, max_psi: 50, expect: [{column: site_id, max_unseen: \(maxUnseen)}] }
          - train: { algorithm: gbdt, categorical: [C1, banner_pos], exclude: [id], params: { num_round: 8, max_depth: 3, min_category_count: 5 } }
          - register: {}
        """
    }

    @Test(arguments: TestBackend.available)
    func aCategoricalRetrainingRunsAndMaxUnseenStopsDataTheChampionCannotRead(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        let data = f.work + "/data/week.csv"
        try SyntheticClickLog(shape: .avazu, seed: 1).writeCSV(rows: 3_000, to: data)
        let first = try f.runs.run(try await f.runByHand(try f.pipeline(Self.yaml(maxUnseen: 0.5), name: "clicks")))
        #expect(first.state == .succeeded, "\(first.error ?? "")")
        let manifest = try f.registry.resolve("clicks/1")
        #expect(manifest.flavor == "xgboost")

        // The champion is v1. New data where every site_id is new: over max_unseen.
        var text = try String(contentsOfFile: data, encoding: .utf8)
        let header = try #require(text.split(separator: "\n").first).split(separator: ",")
        let site = try #require(header.firstIndex(of: "site_id"))
        text =
            text.split(separator: "\n").enumerated().map { index, line in
                guard index > 0 else { return String(line) }
                var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells[site] = "new\(index % 50)"
                return cells.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
        try text.write(toFile: data, atomically: true, encoding: .utf8)
        try f.registry.promote(model: "clicks", version: 1, actor: "test", reason: "champion")
        let second = try f.runs.run(try await f.runByHand(try f.pipeline(Self.yaml(maxUnseen: 0.05), name: "clicks")))
        #expect(second.state == .failed)
        #expect(
            second.error?.contains("column site_id has 100.00% rows with categories the champion never saw (max_unseen 5.00%)") == true,
            "\(second.error ?? "")")
    }

    @Test func trainStepListsAreReadAndCheckedAndMaxUnseenIsBounded() throws {
        let spec = try PipelineLoader.parse(yaml: Self.yaml(maxUnseen: 0.05), path: "clicks.yaml")
        guard case .train(let train) = spec.steps[2].kind else {
            Issue.record("no train step")
            return
        }
        #expect(train.categorical == ["C1", "banner_pos"] && train.exclude == ["id"])
        guard case .validate(let validate) = spec.steps[1].kind else {
            Issue.record("no validate step")
            return
        }
        #expect(validate.expectations.first?.maxUnseen == 0.05)
        let both = Self.yaml(maxUnseen: 0.05).replacingOccurrences(of: "exclude: [id]", with: "exclude: [id, C1]")
        #expect(throws: (any Error).self) { try PipelineLoader.parse(yaml: both, path: "clicks.yaml") }
        let tooBig = Self.yaml(maxUnseen: 1.5)
        #expect(throws: (any Error).self) { try PipelineLoader.parse(yaml: tooBig, path: "clicks.yaml") }
    }
}
