import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// First in a connection's pipeline, before the HTTP decoder: tells the connection's clock
/// when bytes arrive, which starts a request head's time limit.
final class RequestStartWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadlines: ConnectionDeadlines

    init(deadlines: ConnectionDeadlines) { self.deadlines = deadlines }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.bytesArrived()
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadlines.stop()
        context.fireChannelInactive()
    }
}

/// First after the HTTP decoder: tells the connection's clock about request heads and ends and
/// response heads and ends, marks an answer written before its request was read whole with
/// `Connection: close`, and discards the rest of that request's body (bounded; the clock closes
/// the connection after it) instead of handing it to the framework, which would otherwise read
/// an unlimited body on a keep-alive connection or stop reading on a closing one — leaving a
/// client that sends its whole body before reading stuck, unable to read its 413.
final class RequestPartWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let deadlines: ConnectionDeadlines

    init(deadlines: ConnectionDeadlines) { self.deadlines = deadlines }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadlines.headDecoded()
        case .body(let chunk):
            if deadlines.bodyArrived(bytes: chunk.readableBytes) {
                // Discarded; keep the socket read, since nobody downstream asks for more.
                context.read()
                return
            }
        case .end:
            if deadlines.requestEnded() { return }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where deadlines.responseStarting():
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
            return
        case .end:
            context.write(data, promise: promise)
            deadlines.responseEnded()
            // Nobody downstream may ask for more of a body the framework stopped reading (on a
            // closing connection it never does): ask for it here, to discard it.
            if deadlines.draining { context.read() }
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }
}
