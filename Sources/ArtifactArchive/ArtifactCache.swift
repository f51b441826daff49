import Foundation

/// The local cache of a store whose archives live in object storage: keyed by digest (a restart
/// or a second process on the same directory reuses what is there), bounded in bytes. Reading an
/// archive refreshes its modification time; once the cache passes its bound, the archives used
/// least recently go first — never the one just stored or read. An evicted archive is simply
/// downloaded (and checked) again the next time it is needed.
extension ArtifactStore {
    /// The archives in the cache: digest, size and last use, oldest use first.
    public func cachedArchives() -> [(sha256: String, bytes: Int64, lastUsed: Date)] {
        let files = FileManager.default
        var found: [(String, Int64, Date)] = []
        let shards = (try? files.contentsOfDirectory(atPath: root + "/sha256")) ?? []
        for shard in shards {
            for name in (try? files.contentsOfDirectory(atPath: root + "/sha256/" + shard)) ?? [] where name.hasSuffix(".tar.zst") {
                let digest = String(name.dropLast(".tar.zst".count))
                guard FileDigest.isDigest(digest), let attributes = try? files.attributesOfItem(atPath: path(for: digest)) else { continue }
                let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
                found.append((digest, size, attributes[.modificationDate] as? Date ?? .distantPast))
            }
        }
        return found.sorted { $0.2 < $1.2 }.map { (sha256: $0.0, bytes: $0.1, lastUsed: $0.2) }
    }

    /// Removes the least recently used archives until the cache holds at most `cacheLimitBytes`,
    /// keeping `keeping`. Returns how many archives and bytes went. Does nothing without a
    /// remote (the local store is the only copy there) or without a bound.
    @discardableResult
    public func trimCache(keeping: String? = nil) -> (archives: Int, bytes: Int64) {
        guard remote != nil, let limit = cacheLimitBytes else { return (0, 0) }
        let archives = cachedArchives()
        var total = archives.reduce(Int64(0)) { $0 + $1.bytes }
        var removed = (archives: 0, bytes: Int64(0))
        for archive in archives where total > limit && archive.sha256 != keeping?.lowercased() {
            guard unlink(path(for: archive.sha256)) == 0 else { continue }
            total -= archive.bytes
            removed.archives += 1
            removed.bytes += archive.bytes
        }
        if removed.archives > 0 {
            logger.info(
                "artifact cache trimmed",
                metadata: ["archives": "\(removed.archives)", "bytes": "\(removed.bytes)", "kept_bytes": "\(total)", "limit": "\(limit)"])
        }
        return removed
    }

    /// Marks a cached archive as just used.
    func touch(_ digest: String) {
        guard remote != nil else { return }
        _ = utimensat(AT_FDCWD, path(for: digest), nil, 0)
    }
}
