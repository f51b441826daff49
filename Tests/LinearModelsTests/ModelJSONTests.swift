import Foundation
import LinearModels
import TabularData
import Testing

@Suite struct ModelJSONTests {
    static func trainedModel() throws -> (LogisticRegressionModel, Dataset) {
        let problem = SyntheticProblem.standard(features: 4, seed: 81)
        let data = try problem.dataset(rows: 2_000, seed: 82, missingRate: 0.05)
        let (model, _) = try LogisticRegression.train(data, parameters: .init(l2: 0.5, solver: .lbfgs))
        return (model, data)
    }

    /// The model's JSON as a mutable dictionary, edited by `edit`, back to bytes.
    static func edited(_ model: LogisticRegressionModel, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: model.jsonData()) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func expectInvalid(_ json: Data, field: String, mentioning words: [String] = []) {
        do {
            let model = try LogisticRegressionModel.load(json: json)
            Issue.record("accepted \(model)")
        } catch let error as LinearModelError {
            guard case .invalidModel(let actual, _) = error else {
                Issue.record("expected invalidModel(\(field)), got \(error)")
                return
            }
            #expect(actual == field, "\(error)")
            for word in words + ["'\(field)'"] { #expect(error.description.contains(word), "'\(word)' not in: \(error)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func roundTripIsExact() throws {
        let (model, data) = try Self.trainedModel()
        let json = try model.jsonData()
        let loaded = try LogisticRegressionModel.load(json: json)
        #expect(loaded == model)
        #expect(try loaded.jsonData() == json)
        #expect(loaded.predict(data) == model.predict(data))

        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["format"] as? String == "mlops-logreg")
        #expect(object["version"] as? Int == 1)
        #expect(object["objective"] as? String == "binary:logistic")
        #expect((object["feature_names"] as? [String]) == model.featureNames)
        let parameters = try #require(object["parameters"] as? [String: Any])
        #expect(parameters["solver"] as? String == "lbfgs")
        #expect(parameters["max_iterations"] as? Int == 50)
    }

    @Test func corruptJSONIsRefused() throws {
        let (model, _) = try Self.trainedModel()
        let json = try model.jsonData()
        for bad in [Data("{not json".utf8), json.prefix(json.count / 2), Data()] {
            #expect {
                try LogisticRegressionModel.load(json: bad)
            } throws: { error in
                guard case LinearModelError.malformedJSON = error else { return false }
                return "\(error)".contains("malformed")
            }
        }
        Self.expectInvalid(Data("[1, 2]".utf8), field: "(top level)")
    }

    @Test func wrongLengthsAreRefused() throws {
        let (model, _) = try Self.trainedModel()
        Self.expectInvalid(try Self.edited(model) { $0["weights"] = [0.1, 0.2] }, field: "weights", mentioning: ["2 values", "4 feature names"])
        Self.expectInvalid(try Self.edited(model) { $0["means"] = [Double](repeating: 0, count: 5) }, field: "means")
        Self.expectInvalid(try Self.edited(model) { $0["feature_names"] = ["a", "b", "c"] }, field: "means")
        Self.expectInvalid(try Self.edited(model) { $0["feature_names"] = ["a", "b", "a", "d"] }, field: "feature_names[2]")
    }

    @Test func nonFiniteNumbersAreRefused() throws {
        let (model, _) = try Self.trainedModel()
        Self.expectInvalid(try Self.edited(model) { $0["weights"] = [0.1, "NaN", 0.3, 0.4] }, field: "weights[1]", mentioning: ["nan"])
        Self.expectInvalid(try Self.edited(model) { $0["means"] = [0.1, 0.2, "Infinity", 0.4] }, field: "means[2]")
        Self.expectInvalid(try Self.edited(model) { $0["intercept"] = "-Infinity" }, field: "intercept")
        Self.expectInvalid(try Self.edited(model) { $0["scales"] = [1, 0, 1, 1] }, field: "scales[1]", mentioning: ["> 0"])
    }

    @Test func formatVersionObjectiveAndFieldsAreChecked() throws {
        let (model, _) = try Self.trainedModel()
        Self.expectInvalid(try Self.edited(model) { $0["format"] = "xgboost" }, field: "format", mentioning: ["mlops-logreg"])
        Self.expectInvalid(try Self.edited(model) { $0["version"] = 3 }, field: "version")
        Self.expectInvalid(try Self.edited(model) { $0["objective"] = "reg:squarederror" }, field: "objective")
        Self.expectInvalid(try Self.edited(model) { $0["intercept"] = nil }, field: "intercept", mentioning: ["missing"])
        Self.expectInvalid(try Self.edited(model) { $0["weights"] = "heavy" }, field: "weights")
        Self.expectInvalid(try Self.edited(model) { $0["weights"] = [0.1, NSNull(), 0.3, 0.4] }, field: "weights[1]")
        Self.expectInvalid(
            try Self.edited(model) {
                var parameters = $0["parameters"] as? [String: Any] ?? [:]
                parameters["l2"] = -3
                $0["parameters"] = parameters
            }, field: "parameters.l2")
        Self.expectInvalid(
            try Self.edited(model) {
                var parameters = $0["parameters"] as? [String: Any] ?? [:]
                parameters["solver"] = "sgd"
                $0["parameters"] = parameters
            }, field: "parameters.solver")
    }

    @Test func directConstructionValidatesToo() {
        #expect(throws: LinearModelError.invalidModel(field: "weights[0]", reason: "is nan, not a finite number")) {
            try LogisticRegressionModel(
                featureNames: ["a"], means: [0], scales: [1], weights: [.nan], intercept: 0,
                parameters: .init())
        }
    }
}
