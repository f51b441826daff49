import LinearModels
import Testing

@Suite struct ParametersTests {
    @Test func defaults() {
        let parameters = LogisticRegressionParameters()
        #expect(parameters.l2 == 1 && parameters.maxIterations == 50 && parameters.tolerance == 1e-8)
        #expect(parameters.solver == .newton)
    }

    @Test func parsesStringParameters() throws {
        let parsed = try LogisticRegressionParameters(parameters: [
            "lambda": "0.25", "max_iter": " 200", "tol": "1e-6", "solver": "LBFGS",
        ])
        #expect(parsed == LogisticRegressionParameters(l2: 0.25, maxIterations: 200, tolerance: 1e-6, solver: .lbfgs))
        #expect(try LogisticRegressionParameters(parameters: ["l2": "3"]).l2 == 3)
        #expect(try LogisticRegressionParameters(parameters: [:]) == LogisticRegressionParameters())
        #expect(try LogisticRegressionParameters(parameters: ["lambda": "0"]).l2 == 0)
    }

    @Test(arguments: [
        (["alpha": "1"], "alpha"),
        (["lambda": "-1"], "lambda"),
        (["l2": "inf"], "l2"),
        (["lambda": "abc"], "lambda"),
        (["lambda": "1", "l2": "2"], "lambda"),
        (["max_iter": "0"], "max_iter"),
        (["max_iter": "2.5"], "max_iter"),
        (["tol": "0"], "tol"),
        (["tol": "nan"], "tol"),
        (["solver": "sgd"], "solver"),
    ])
    func refusesBadParametersNamingTheKey(parameters: [String: String], key: String) {
        do {
            let parsed = try LogisticRegressionParameters(parameters: parameters)
            Issue.record("accepted \(parameters) as \(parsed)")
        } catch let error as LinearModelError {
            switch error {
            case .unknownParameter(let name, let accepted):
                #expect(name == key)
                #expect(accepted.contains("lambda"))
            case .invalidParameter(let name, _, _):
                #expect(name == key)
            default:
                Issue.record("unexpected \(error)")
            }
            #expect(error.description.contains("'\(key)'"), "\(error.description)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func unknownKeyMessageListsTheAcceptedKeys() {
        #expect(throws: LinearModelError.unknownParameter(name: "C", accepted: LogisticRegressionParameters.acceptedKeys)) {
            try LogisticRegressionParameters(parameters: ["C": "1"])
        }
        let message = LinearModelError.unknownParameter(name: "C", accepted: LogisticRegressionParameters.acceptedKeys).description
        #expect(message.contains("max_iter") && message.contains("solver"))
    }

    @Test func solverNamesAreListedWhenWrong() {
        do {
            _ = try LogisticRegressionParameters(parameters: ["solver": "adam"])
            Issue.record("adam accepted")
        } catch {
            #expect("\(error)".contains("newton") && "\(error)".contains("lbfgs"))
        }
    }
}
