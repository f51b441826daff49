/// What one HTTP connection may take of the server (`mlops serve --head-timeout …`): how long
/// a client may spend sending a request's head and its body, how long a keep-alive connection
/// may sit idle, how many connections may be open at once, and how much of an over-limit body
/// the server reads (and throws away) after answering it early, so a client that sends its
/// whole body before reading can still read the answer. Defaults suit a public port.
public struct ConnectionLimits: Sendable, Equatable {
    /// From a request's first byte until its head is complete; then the connection is closed.
    public var headTimeoutSeconds: Double
    /// From a request's head until its body is complete (the whole body, not a gap between
    /// chunks); then the connection is closed.
    public var bodyTimeoutSeconds: Double
    /// A connection with no request in flight and nothing read or written for this long is closed.
    public var idleTimeoutSeconds: Double
    /// Connections open at once; past it the server stops accepting until one closes (new
    /// clients wait in the listen backlog).
    public var maxConnections: Int
    /// After an answer written before its request's body was read whole (a 413, a refusal), the
    /// rest of the body is read and discarded up to this many bytes, then the connection is
    /// closed; the answer carries `Connection: close`.
    public var drainBytes: Int

    /// The defaults: 10 s for a head, 30 s for a body, 60 s idle, 4,096 connections, 16 MiB drained.
    public init(
        headTimeoutSeconds: Double = 10, bodyTimeoutSeconds: Double = 30, idleTimeoutSeconds: Double = 60,
        maxConnections: Int = 4_096, drainBytes: Int = 16 << 20
    ) {
        self.headTimeoutSeconds = headTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxConnections = maxConnections
        self.drainBytes = drainBytes
    }
}
