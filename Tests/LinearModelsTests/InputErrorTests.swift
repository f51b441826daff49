import LinearModels
import TabularData
import Testing

/// Training refuses bad data and bad parameters with errors that name the culprit.
@Suite struct InputErrorTests {
    static func small(labels: [Float]?, x: [Float]? = nil) throws -> Dataset {
        let count = labels?.count ?? 6
        let column = x ?? (0..<count).map { Float($0) }
        return try Dataset(featureNames: ["age", "income"], columns: [column, column.map { $0 * 2 + 1 }], labels: labels)
    }

    static func expectError(
        _ expected: LinearModelError, mentioning words: [String],
        _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected \(expected)")
        } catch let error as LinearModelError {
            #expect(error == expected)
            for word in words { #expect(error.description.contains(word), "'\(word)' not in: \(error.description)") }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func datasetWithoutLabelsIsRefused() throws {
        let data = try Self.small(labels: nil)
        Self.expectError(.missingLabels(dataset: "training"), mentioning: ["training", "label"]) {
            _ = try LogisticRegression.train(data)
        }
    }

    @Test func firstNonBinaryLabelIsNamed() throws {
        let data = try Self.small(labels: [0, 1, 1, 0.5, 2, 0])
        Self.expectError(.invalidLabel(dataset: "training", row: 3, value: 0.5), mentioning: ["row 3", "0.5"]) {
            _ = try LogisticRegression.train(data)
        }
        let nanLabel = try Self.small(labels: [0, 1, .nan, 0, 1, 0])
        do {
            _ = try LogisticRegression.train(nanLabel)
            Issue.record("NaN label accepted")
        } catch let LinearModelError.invalidLabel(dataset, row, _) {
            #expect(dataset == "training" && row == 2)
        }
    }

    @Test func singleClassEmptyAndInfiniteDataAreRefused() throws {
        Self.expectError(.singleClass(label: 1), mentioning: ["both classes"]) {
            _ = try LogisticRegression.train(try Self.small(labels: [1, 1, 1, 1, 1, 1]))
        }
        Self.expectError(.emptyDataset(dataset: "training"), mentioning: ["no rows"]) {
            _ = try LogisticRegression.train(try Self.small(labels: [], x: []))
        }
        let infinite = try Self.small(labels: [0, 1, 0, 1, 0, 1], x: [0, 1, 2, .infinity, 4, 5])
        Self.expectError(.nonFiniteFeature(dataset: "training", feature: "age", row: 3), mentioning: ["'age'", "row 3"]) {
            _ = try LogisticRegression.train(infinite)
        }
    }

    @Test func validationDataIsChecked() throws {
        let train = try Self.small(labels: [0, 1, 0, 1, 1, 0])
        let other = try Dataset(featureNames: ["age"], columns: [[1, 2]], labels: [0, 1])
        Self.expectError(
            .featureMismatch(dataset: "validation", expected: ["age", "income"], found: ["age"]),
            mentioning: ["validation", "'income'"]
        ) {
            _ = try LogisticRegression.train(train, validation: other)
        }
        let unlabeled = try Self.small(labels: nil)
        Self.expectError(.missingLabels(dataset: "validation"), mentioning: ["validation"]) {
            _ = try LogisticRegression.train(train, validation: unlabeled)
        }
        let badLabel = try Self.small(labels: [0, 1, 0, -1, 1, 0])
        Self.expectError(.invalidLabel(dataset: "validation", row: 3, value: -1), mentioning: ["validation", "row 3"]) {
            _ = try LogisticRegression.train(train, validation: badLabel)
        }
    }

    @Test func badParametersAreRefusedBeforeTraining() throws {
        let data = try Self.small(labels: [0, 1, 0, 1, 1, 0])
        Self.expectError(
            .invalidParameter(name: "l2", value: "-1.0", reason: "must be a finite number ≥ 0"),
            mentioning: ["'l2'"]
        ) {
            _ = try LogisticRegression.train(data, parameters: .init(l2: -1))
        }
        Self.expectError(
            .invalidParameter(name: "maxIterations", value: "0", reason: "must be at least 1"),
            mentioning: ["'maxIterations'"]
        ) {
            _ = try LogisticRegression.train(data, parameters: .init(maxIterations: 0))
        }
        do {
            _ = try LogisticRegression.train(data, parameters: .init(tolerance: .nan))
            Issue.record("NaN tolerance accepted")
        } catch let LinearModelError.invalidParameter(name, _, _) {
            #expect(name == "tolerance")
        }
    }

    @Test func collinearFeaturesWithoutPenaltyStillTrain() throws {
        // income = 2·age + 1 exactly: the unpenalized Hessian is singular; the ridge fallback copes.
        let data = try Self.small(labels: [0, 0, 1, 0, 1, 1])
        let (model, report) = try LogisticRegression.train(data, parameters: .init(l2: 0, maxIterations: 30))
        #expect(model.weights.allSatisfy { $0.isFinite })
        #expect(report.iterations >= 1)
        #expect(model.predict(data).allSatisfy { $0.isFinite })
    }
}
