import Foundation
import TabularData
import TreeModel

/// A histogram buffer owned by one open node.
final class NodeHistogram: @unchecked Sendable {
    let slots: UnsafeMutablePointer<GradientSum>
    let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: GradientSum(), count: count)
    }
    deinit { slots.deallocate() }
}

/// One grown tree plus what training needs beyond the model: each leaf's rows (to update the
/// training margins without re-traversal) and each split's bin (to route unsampled rows).
struct GrownTree {
    var tree: Tree
    /// Each split's rule on binned rows (nil at leaves).
    var splitRules: [BinRule?]
    /// (leaf node, start, count): each leaf's rows in the row store (its front buffer once the
    /// tree is grown).
    var leafRanges: [LeafRange]
    /// Splits whose two children are leaves: their rows are not partitioned; each row's leaf is
    /// decided when the margins are updated.
    var terminalSplits: [TerminalSplit]
}

/// A leaf's rows in the row store.
struct LeafRange {
    var node: Int
    var start: Int
    var count: Int
    /// The buffer holding the rows while the tree grows.
    var buffer: Int
}

/// A split at the bottom of the tree, applied to its rows without moving them.
struct TerminalSplit {
    var start: Int
    var count: Int
    var buffer: Int
    var feature: Int
    var rule: BinRule
    var leftValue: Float
    var rightValue: Float
}

/// Grows one tree depth-wise with the histogram method: each level finds the best split of every
/// open node from its histogram, partitions the node's rows, builds the histogram of the child
/// with fewer rows and derives its sibling by subtraction. Children at the depth limit, and
/// nodes too light to split, get no histogram at all.
final class TreeGrower: @unchecked Sendable {
    let cuts: BinCuts
    let rows: RowStore
    let regularization: SplitRegularization
    let maxDepth: Int
    let eta: Double
    let threads: Int
    let categoricalRules: CategoricalSplitRules

    init(
        cuts: BinCuts, rows: RowStore, regularization: SplitRegularization, categoricalRules: CategoricalSplitRules,
        maxDepth: Int, eta: Double, threads: Int
    ) {
        self.cuts = cuts
        self.categoricalRules = categoricalRules
        self.rows = rows
        self.regularization = regularization
        self.maxDepth = maxDepth
        self.eta = eta
        self.threads = max(1, threads)
    }

    private struct OpenNode {
        var node: Int
        var start: Int
        var count: Int
        var sum: GradientSum
        var depth: Int
        /// The row-store buffer holding the node's rows.
        var buffer: Int
        var histogram: NodeHistogram?
    }

    /// Grows a tree over the first `sampledRows` rows of the row store, whose gradients are set.
    func grow(sampledRows: Int, features: [Int]) -> GrownTree {
        var builder = TreeBuilder()
        var total = GradientSum()
        for i in 0..<sampledRows {
            total.g += Double(rows.gradients[i])
            total.h += Double(rows.hessians[i])
        }
        builder.addNode()
        var leafRanges: [LeafRange] = []
        var terminalSplits: [TerminalSplit] = []
        let rootBuffer = rows.front
        var open = [OpenNode(node: 0, start: 0, count: sampledRows, sum: total, depth: 0, buffer: rootBuffer, histogram: nil)]
        if canSplit(open[0]) {
            buildHistograms(for: &open, indices: [0])
        }
        while !open.isEmpty {
            let splits = findSplits(open, features: features)
            var next: [OpenNode] = []
            var toBuild: [Int] = []
            var subtractions: [(parent: NodeHistogram, built: Int, derived: Int)] = []
            let terminal = open.indices.map { i in splits[i].map { isTerminal(open[i], $0) } ?? false }
            let leftCounts = partitionAll(open, splits, skipping: terminal)
            for (index, var node) in open.enumerated() {
                guard let split = splits[index] else {
                    setLeaf(node, &builder, &leafRanges)
                    continue
                }
                let rule = cuts.rule(feature: split.feature, bin: split.bin, set: split.set, defaultLeft: split.defaultLeft)
                // A categorical node's condition is unused; XGBoost writes its smallest float there.
                let threshold = split.set == nil ? cuts.thresholds[split.feature][split.bin] : Float(bitPattern: 1)
                let (left, right) = builder.split(
                    node.node, feature: split.feature, threshold: threshold, rule: rule,
                    gain: split.gain, weight: regularization.weight(node.sum.g, node.sum.h), cover: node.sum.h)
                if terminal[index] {
                    let leftValue = leafValue(split.left)
                    let rightValue = leafValue(split.right)
                    builder.setLeaf(left, value: leftValue, cover: split.left.h)
                    builder.setLeaf(right, value: rightValue, cover: split.right.h)
                    terminalSplits.append(
                        TerminalSplit(
                            start: node.start, count: node.count, buffer: node.buffer, feature: split.feature, rule: rule,
                            leftValue: leftValue, rightValue: rightValue))
                    continue
                }
                let leftCount = leftCounts[index]
                let childBuffer = 1 - node.buffer
                var leftNode = OpenNode(
                    node: left, start: node.start, count: leftCount, sum: split.left, depth: node.depth + 1, buffer: childBuffer,
                    histogram: nil)
                var rightNode = OpenNode(
                    node: right, start: node.start + leftCount, count: node.count - leftCount, sum: split.right,
                    depth: node.depth + 1, buffer: childBuffer, histogram: nil)
                let parentHistogram = node.histogram
                node.histogram = nil
                if let parentHistogram, canSplit(leftNode) || canSplit(rightNode) {
                    // Build the smaller child; the larger is parent − smaller, in the parent's buffer.
                    let leftIsSmaller = leftNode.count <= rightNode.count
                    if leftIsSmaller { rightNode.histogram = parentHistogram } else { leftNode.histogram = parentHistogram }
                    next.append(leftNode)
                    next.append(rightNode)
                    let built = leftIsSmaller ? next.count - 2 : next.count - 1
                    let derived = leftIsSmaller ? next.count - 1 : next.count - 2
                    toBuild.append(built)
                    subtractions.append((parentHistogram, built, derived))
                } else {
                    setLeaf(leftNode, &builder, &leafRanges)
                    setLeaf(rightNode, &builder, &leafRanges)
                }
            }
            buildHistograms(for: &next, indices: toBuild)
            for (parent, built, _) in subtractions {
                guard let child = next[built].histogram else { continue }
                HistogramKernel.subtract(parent: parent.slots, child: child.slots, into: parent.slots, count: cuts.totalSlots)
            }
            open = next
        }
        // Every row back in one buffer: leaves, bottom splits and the unsampled rows.
        var ranges = leafRanges.map { (start: $0.start, count: $0.count, buffer: $0.buffer) }
        ranges += terminalSplits.map { (start: $0.start, count: $0.count, buffer: $0.buffer) }
        ranges.append((start: sampledRows, count: rows.rowCount - sampledRows, buffer: rootBuffer))
        rows.gather(ranges)
        return GrownTree(tree: builder.tree, splitRules: builder.splitRules, leafRanges: leafRanges, terminalSplits: terminalSplits)
    }

    /// A split whose children cannot split again: at the depth limit, or both too light.
    private func isTerminal(_ node: OpenNode, _ split: SplitCandidate) -> Bool {
        let limit = 2 * regularization.minChildWeight
        return node.depth + 1 >= maxDepth || (split.left.h < limit && split.right.h < limit)
    }

    private func leafValue(_ sum: GradientSum) -> Float {
        Float(regularization.weight(sum.g, sum.h) * eta)
    }

    private func canSplit(_ node: OpenNode) -> Bool {
        node.depth < maxDepth && node.count >= 2 && node.sum.h >= 2 * regularization.minChildWeight
    }

    private func setLeaf(_ node: OpenNode, _ builder: inout TreeBuilder, _ leafRanges: inout [LeafRange]) {
        builder.setLeaf(node.node, value: leafValue(node.sum), cover: node.sum.h)
        leafRanges.append(LeafRange(node: node.node, start: node.start, count: node.count, buffer: node.buffer))
    }

    private func findSplits(_ open: [OpenNode], features: [Int]) -> [SplitCandidate?] {
        let results = ConcurrentResults<SplitCandidate?>(count: open.count)
        let cuts = self.cuts
        let regularization = self.regularization
        let rules = categoricalRules
        let work = open.map { ($0.histogram, $0.sum, $0.count, canSplit($0)) }
        Parallel.run(open.count) { i in
            let (histogram, sum, rows, splittable) = work[i]
            guard splittable, let histogram else { return results.set(i, nil) }
            results.set(
                i,
                SplitFinder.best(
                    histogram: histogram.slots, total: sum, rows: rows, cuts: cuts, features: features,
                    regularization: regularization, categorical: rules))
        }
        return results.values
    }

    /// Partitions every node that splits (nodes in parallel; their ranges are disjoint) and
    /// returns each node's left-row count (0 for nodes that do not split).
    private func partitionAll(_ open: [OpenNode], _ splits: [SplitCandidate?], skipping terminal: [Bool]) -> [Int] {
        let results = ConcurrentResults<Int>(count: open.count)
        let jobs = open.indices.filter { splits[$0] != nil && !terminal[$0] }.sorted { open[$0].count > open[$1].count }
        let store = rows
        let cuts = self.cuts
        let step = max(1, min(threads, jobs.count))
        let threadCount = threads
        Parallel.run(min(threads, jobs.count)) { worker in
            for j in stride(from: worker, to: jobs.count, by: step) {
                let i = jobs[j]
                let node = open[i]
                guard let split = splits[i] else { continue }
                let f = split.feature
                // A feature without missing values may use all 256 codes for real bins.
                let rule = cuts.rule(feature: f, bin: split.bin, set: split.set, defaultLeft: split.defaultLeft)
                // With fewer big nodes than threads (the top of the tree), each node uses them all.
                let left = store.partition(
                    start: node.start, count: node.count, feature: f, rule: rule, from: node.buffer,
                    threads: jobs.count < threadCount ? threadCount : 1)
                results.set(i, left)
            }
        }
        var counts = [Int](repeating: 0, count: open.count)
        for (i, value) in results.indexedValues { counts[i] = value }
        return counts
    }

    /// Builds the histograms of `nodes[indices]`, splitting big nodes across threads.
    private func buildHistograms(for nodes: inout [OpenNode], indices: [Int]) {
        guard !indices.isEmpty else { return }
        let chunkRows = 16_384
        var plan: [(node: Int, start: Int, count: Int, buffer: Int)] = []
        for i in indices {
            let node = nodes[i]
            let pieces = max(1, min(threads, node.count / chunkRows))
            let size = (node.count + pieces - 1) / pieces
            var offset = 0
            while offset < node.count {
                plan.append((i, node.start + offset, min(size, node.count - offset), node.buffer))
                offset += size
            }
        }
        let tasks = plan
        let buffers = tasks.map { _ in NodeHistogram(count: cuts.totalSlots) }
        let store = rows
        let layout = rows.layout
        let rowOrderOffsets = (layout.narrowFeatures + layout.wideFeatures).map { cuts.offsets[$0] }
        rowOrderOffsets.withUnsafeBufferPointer { offsets in
            let offsetBase = offsets.baseAddress!
            Parallel.run(tasks.count) { t in
                let task = tasks[t]
                HistogramKernel.accumulate(
                    store.buffers[task.buffer], layout: layout, start: task.start, end: task.start + task.count, offsets: offsetBase,
                    into: buffers[t].slots)
            }
        }
        var first: [Int: Int] = [:]
        for (t, task) in tasks.enumerated() {
            if let owner = first[task.node] {
                HistogramKernel.add(buffers[t].slots, into: buffers[owner].slots, count: cuts.totalSlots)
            } else {
                first[task.node] = t
                nodes[task.node].histogram = buffers[t]
            }
        }
    }
}
