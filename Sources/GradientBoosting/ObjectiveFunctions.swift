import Foundation
import TreeModel

/// Gradients, intercepts and transforms of the supported objectives, in float32 as XGBoost
/// computes them.
enum ObjectiveFunctions {
    /// The intercept in output space estimated from the labels: the mean label.
    static func estimatedBaseScore(_ objective: Objective, labels: [Float]) -> Float {
        let mean = labels.reduce(0.0) { $0 + Double($1) } / Double(max(labels.count, 1))
        switch objective {
        case .binaryLogistic: return Float(min(max(mean, 1e-6), 1 - 1e-6))
        case .squaredError: return Float(mean)
        }
    }

    /// The starting margin for an output-space intercept (float32 `logf`, as XGBoost).
    static func baseMargin(_ objective: Objective, baseScore: Float) -> Float {
        switch objective {
        case .binaryLogistic:
            let b = min(max(baseScore, 1e-6), 1 - 1e-6)
            return -logf(1 / b - 1)
        case .squaredError:
            return baseScore
        }
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float { 1 / (expf(min(-x, 88.7)) + 1) }

    /// Sets every row's gradient and hessian from its margin and label.
    static func gradients(_ objective: Objective, store: RowStore, threads: Int) {
        let n = store.rowCount
        let chunk = max(1, (n + threads - 1) / threads)
        let (g, h, m, y) = (store.gradients, store.hessians, store.margins, store.labels)
        Parallel.run(threads) { t in
            let start = t * chunk
            let end = min(n, start + chunk)
            guard start < end else { return }
            switch objective {
            case .binaryLogistic:
                for i in start..<end {
                    let p = sigmoid(m[i])
                    g[i] = p - y[i]
                    h[i] = max(p * (1 - p), 1e-16)
                }
            case .squaredError:
                for i in start..<end {
                    g[i] = m[i] - y[i]
                    h[i] = 1
                }
            }
        }
    }

    /// The evaluation metric XGBoost uses by default: log loss, or RMSE for regression.
    static func metric(_ objective: Objective, margins: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Float>) -> Double {
        guard !labels.isEmpty else { return .nan }
        var total = 0.0
        switch objective {
        case .binaryLogistic:
            for (m, y) in zip(margins, labels) {
                let p = min(max(Double(sigmoid(m)), 1e-15), 1 - 1e-15)
                total -= Double(y) * log(p) + (1 - Double(y)) * log(1 - p)
            }
            return total / Double(labels.count)
        case .squaredError:
            for (m, y) in zip(margins, labels) {
                let d = Double(m) - Double(y)
                total += d * d
            }
            return (total / Double(labels.count)).squareRoot()
        }
    }

    static func metricName(_ objective: Objective) -> String {
        objective == .binaryLogistic ? "logloss" : "rmse"
    }
}

extension Tree {
    /// The leaf value a row of raw values reaches (`x < condition` goes left; NaN follows the
    /// default direction). `value(f)` returns feature f of the row.
    @inline(__always)
    func leafValue(_ value: (Int) -> Float) -> Float {
        var node = 0
        while leftChildren[node] != -1 {
            let x = value(Int(splitIndices[node]))
            let goLeft = x.isNaN ? defaultLeft[node] : x < splitConditions[node]
            node = Int(goLeft ? leftChildren[node] : rightChildren[node])
        }
        return splitConditions[node]
    }
}
