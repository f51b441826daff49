import Crypto
import Foundation
import OutgoingHTTP

extension S3Client {
    /// Streams the object at `key` into the file at `path`; false (and no file) when there is
    /// no such object.
    public func download(bucket: String, key: String, to path: String) async throws(S3Error) -> Bool {
        let resource = "s3://\(bucket)/\(key)"
        let address = configuration.address(bucket: bucket, key: key)
        do {
            return try await retry.run(shouldRetry: Self.isTransient) { _ in
                let signed = signer.sign(
                    method: "GET", host: address.host, path: address.path, payloadHash: SigV4Signer.emptyPayloadHash, date: Date())
                let response: OutgoingResponse
                do {
                    response = try await http.download(url: address.base + signed.path, headers: signed.headers, to: path)
                } catch {
                    throw S3Error.unreachable(operation: "GetObject", resource: resource, reason: "\(error)")
                }
                if response.status == 404 {
                    unlink(path)
                    return false
                }
                guard (200..<300).contains(response.status) else {
                    unlink(path)
                    throw Self.serviceError(response, operation: "GetObject", resource: resource)
                }
                return true
            }
        } catch let error as S3Error {
            throw error
        } catch {
            throw .unreachable(operation: "GetObject", resource: resource, reason: "\(error)")
        }
    }

    /// Uploads the file at `path` to `key` so that a reader sees all of it or nothing: one
    /// conditional PUT up to `partSize`, else a multipart upload read from disk a part at a time
    /// (aborted when anything fails, so no upload is left behind). With `ifAbsent`, an existing
    /// object is kept and this returns false.
    @discardableResult
    public func upload(bucket: String, key: String, file path: String, partSize: Int = 16 << 20, ifAbsent: Bool = true) async throws(S3Error) -> Bool
    {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreachable(operation: "PutObject", resource: "s3://\(bucket)/\(key)", reason: "cannot read \(path)")
        }
        defer { try? handle.close() }
        func read() throws(S3Error) -> [UInt8] {
            do { return [UInt8](try handle.read(upToCount: partSize) ?? Data()) } catch {
                throw .unreachable(operation: "PutObject", resource: "s3://\(bucket)/\(key)", reason: "reading \(path): \(error)")
            }
        }
        let first = try read()
        if first.count < partSize {
            do {
                try await put(bucket: bucket, key: key, body: first, ifAbsent: ifAbsent)
                return true
            } catch {
                if ifAbsent, case .service(412, _, _, _, _) = error { return false }
                throw error
            }
        }
        let id = try await createMultipartUpload(bucket: bucket, key: key)
        do {
            var etags = [try await uploadPart(bucket: bucket, key: key, uploadID: id, number: 1, body: first)]
            while true {
                let part = try read()
                if part.isEmpty { break }
                etags.append(try await uploadPart(bucket: bucket, key: key, uploadID: id, number: etags.count + 1, body: part))
            }
            try await completeMultipartUpload(bucket: bucket, key: key, uploadID: id, etags: etags, ifAbsent: ifAbsent)
            return true
        } catch {
            try? await abortMultipartUpload(bucket: bucket, key: key, uploadID: id)
            if ifAbsent, case .service(412, _, _, _, _) = error { return false }
            throw error
        }
    }
}

/// The S3 client for synchronous callers (the registry's artifact store): each call runs the
/// async request as a task on a dispatch queue of its own (`BlockingTaskExecutor`) and waits for
/// it, so a caller that blocks a thread of Swift's small cooperative pool (a test, an async
/// command calling the synchronous registry) cannot starve the very task it waits for.
public struct BlockingS3: Sendable {
    public let client: S3Client
    public let location: S3Location

    public init(client: S3Client, location: S3Location) {
        self.client = client
        self.location = location
    }

    public func exists(_ name: String) throws -> Bool {
        try wait { try await client.head(bucket: location.bucket, key: location.key(name)) != nil }
    }

    public func upload(file: String, to name: String) throws {
        _ = try wait { try await client.upload(bucket: location.bucket, key: location.key(name), file: file) }
    }

    public func download(_ name: String, to path: String) throws -> Bool {
        try wait { try await client.download(bucket: location.bucket, key: location.key(name), to: path) }
    }

    func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached(executorPreference: BlockingTaskExecutor.shared) {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// The result handed from the task to the waiting thread (written before the semaphore is
/// signalled, read after it is waited on).
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs tasks' jobs on a concurrent dispatch queue of its own, outside Swift's cooperative pool.
final class BlockingTaskExecutor: TaskExecutor {
    static let shared = BlockingTaskExecutor()
    private let queue = DispatchQueue(label: "mlops.objectstorage.blocking", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
