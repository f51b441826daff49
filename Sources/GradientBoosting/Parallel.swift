import Dispatch
import TabularData

/// Data-parallel loops over worker indices. The body may capture raw buffers: callers promise
/// that iterations touch disjoint memory (or only read shared memory), which is what makes the
/// unchecked sendability sound.
enum Parallel {
    static func run(_ iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = SendableBox(escapable)
            DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
        }
    }
}
