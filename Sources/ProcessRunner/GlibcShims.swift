import Glibc

/// glibc functions that Swift's Glibc module does not import (they sit behind `_GNU_SOURCE`),
/// resolved once with `dlsym`. Each is `nil` on a libc without it; callers fall back.
enum GlibcShims {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `pipe2(2)`: glibc 2.9.
    static let pipe2: Pipe2? = lookup("pipe2", as: Pipe2.self)
    /// `posix_spawn_file_actions_addchdir_np`: glibc 2.29.
    static let addChdir: AddChdir? = lookup("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    /// `posix_spawn_file_actions_addclosefrom_np`: glibc 2.34.
    static let addClosefrom: AddClosefrom? = lookup("posix_spawn_file_actions_addclosefrom_np", as: AddClosefrom.self)

    private static func lookup<F>(_ name: String, as type: F.Type) -> F? {
        dlsym(nil, name).map { unsafeBitCast($0, to: type) }
    }

    /// Makes a pipe whose ends are close-on-exec, so no other spawn inherits them. Atomic with
    /// `pipe2`; without it `pipe` + `fcntl` leave a short window. Returns errno on failure.
    static func makePipe() -> Result<(read: Int32, write: Int32), PipeError> {
        var fds: [Int32] = [-1, -1]
        if let pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { return .failure(PipeError(code: errno)) }
        } else {
            guard pipe(&fds) == 0 else { return .failure(PipeError(code: errno)) }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        }
        return .success((fds[0], fds[1]))
    }

    /// The errno of a failed `pipe`.
    struct PipeError: Error { let code: Int32 }
}
