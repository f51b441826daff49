import Foundation
import LinearModels
import ModelMetrics
import TabularData
import Testing

/// Logistic regression on categorical features through hashed one-hot columns: the ids' effects
/// are learned, the row path (raw strings through the hasher) equals the dataset path, unseen
/// ids are answered, and the model's JSON round-trips and refuses bad hashed parts by name.
@Suite struct HashedCategoricalTests {
    /// Two numeric features and two id columns (60 and 400 ids, Zipf-like) with real effects.
    static func clicks(rows: Int, seed: UInt64) throws -> Dataset {
        var effects = SplitMix64(seed: 99)  // the same population for every sample
        let siteEffect = (0..<60).map { _ in effects.uniform() * 2.4 - 1.2 }
        let appEffect = (0..<400).map { _ in effects.uniform() * 1.6 - 0.8 }
        var rng = SplitMix64(seed: seed)
        var x0: [Float] = []
        var x1: [Float] = []
        var site: [Float] = []
        var app: [Float] = []
        var labels: [Float] = []
        for _ in 0..<rows {
            let a = (rng.uniform() * 2 - 1)
            let b = (rng.uniform() * 2 - 1)
            let s = Int(pow(rng.uniform(), 2) * 60)
            let p = Int(pow(rng.uniform(), 2) * 400)
            let missing = rng.uniform() < 0.05
            let z = -1.2 + 0.8 * a - 0.5 * b + siteEffect[s] + (missing ? 0.7 : appEffect[p])
            let y = rng.uniform() < 1 / (1 + exp(-z))
            x0.append(Float(a))
            x1.append(Float(b))
            site.append(Float(s))
            app.append(missing ? .nan : Float(p))
            labels.append(y ? 1 : 0)
        }
        return try Dataset(
            featureNames: ["a", "site_id", "b", "app_id"], columns: [x0, site, x1, app], labels: labels,
            categories: [1: (0..<60).map { String(format: "%08x", $0 &* 2_654_435_761 % 0xFFFF_FFFF) }, 3: (0..<400).map { "app\($0)" }])
    }

    @Test func idsAreLearnedAndTheRowPathEqualsTheDatasetPath() throws {
        let train = try Self.clicks(rows: 8_000, seed: 1)
        let test = try Self.clicks(rows: 3_000, seed: 2)
        let (model, report) = try LogisticRegression.train(train, parameters: .init(l2: 5, maxIterations: 100, hashBits: 14), validation: test)
        #expect(report.solver == .lbfgs, "hashed designs train with L-BFGS")
        #expect(model.categoricalFeatureNames == ["site_id", "app_id"])
        let numericOnly = try Dataset(
            featureNames: ["a", "b"], columns: [train.columns[0], train.columns[2]], labels: train.labels)
        let (baseline, _) = try LogisticRegression.train(numericOnly, parameters: .init(l2: 5))
        let testNumeric = try Dataset(featureNames: ["a", "b"], columns: [test.columns[0], test.columns[2]], labels: test.labels)
        let auc = try #require(report.validationAUC)
        let baselineAUC = Metrics.auc(scores: baseline.predict(testNumeric), labels: test.labels!)
        #expect(auc > baselineAUC + 0.05, "ids carry most of the signal: \(auc) vs numeric only \(baselineAUC)")

        // One row at a time from raw strings, as the server does, equals the dataset path.
        let hasher = try #require(model.hasher)
        let batch = model.predict(test)
        for r in 0..<200 {
            var row = [Float](repeating: 0, count: 4)
            for f in 0..<4 {
                let v = test.columns[f][r]
                if let names = test.categories[f] {
                    row[f] = v.isNaN ? hasher.code(f, "NA") : hasher.code(f, names[Int(v)])
                } else {
                    row[f] = v
                }
            }
            let one = row.withUnsafeBufferPointer { model.predict(row: $0) }
            #expect(abs(one - batch[r]) < 1e-6, "row \(r)")
        }
        // An id never seen in training is answered (a bucket with no weight, or a collision's).
        let unseen = [Float(0.1), hasher.code(1, "never-seen-site"), Float(-0.2), hasher.code(3, "3.0")]
        #expect(unseen[3] == hasher.code(3, "3"), "numbers are read as their text: 3.0 is \"3\"")
        let p = unseen.withUnsafeBufferPointer { model.predict(row: $0) }
        #expect(p.isFinite && p > 0 && p < 1)
    }

    @Test func jsonRoundTripsAndRefusesBadHashedParts() throws {
        let train = try Self.clicks(rows: 3_000, seed: 3)
        let (model, _) = try LogisticRegression.train(train, parameters: .init(l2: 5, hashBits: 12))
        let json = try model.jsonData()
        let loaded = try LogisticRegressionModel.load(json: json)
        #expect(loaded == model)
        #expect(try loaded.jsonData() == json)
        #expect(loaded.predict(train) == model.predict(train))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["version"] as? Int == 2)
        let hashed = try #require(object["hashed"] as? [String: Any])
        #expect(hashed["bits"] as? Int == 12 && hashed["features"] as? [String] == ["site_id", "app_id"])
        let buckets = try #require(hashed["buckets"] as? [Int])
        #expect(buckets.count < 4096 && buckets.count > 60, "only non-zero weights are written")

        func edited(_ edit: (inout [String: Any]) -> Void) throws -> Data {
            var copy = object
            var part = hashed
            edit(&part)
            copy["hashed"] = part
            return try JSONSerialization.data(withJSONObject: copy)
        }
        func refused(_ data: Data, field: String) {
            #expect(throws: LinearModelError.self) { try LogisticRegressionModel.load(json: data) }
            do { _ = try LogisticRegressionModel.load(json: data) } catch { #expect("\(error)".contains(field), "\(error)") }
        }
        refused(try edited { $0["buckets"] = [5000] + buckets.dropFirst() }, field: "hashed.buckets")
        refused(try edited { $0["weights"] = [1.0] }, field: "hashed.buckets")
        refused(try edited { $0["features"] = ["site_id", "nope"] }, field: "hashed.features")
        refused(try edited { $0["bits"] = 40 }, field: "hashed.bits")
        #expect(throws: LinearModelError.self) { try LogisticRegressionParameters(parameters: ["hash_bits": "30"]) }
        #expect(try LogisticRegressionParameters(parameters: ["hash_bits": "20"]).hashBits == 20)
    }
}
