import Foundation
import Testing

@testable import HostMemory

/// `TraceFS.withMounted` mounts tracefs privately where it is not mounted: the mount is reached
/// through a descriptor, never attached to the file tree, and gone after the call, so a killed
/// run cannot leave tracefs mounted.
@Suite struct TraceFSTests {
    static var isRoot: Bool { geteuid() == 0 }

    @Test(.enabled(if: isRoot, "needs root (CAP_SYS_ADMIN) to mount tracefs"))
    func aPrivateMountIsReachableAndGoneAfterwards() throws {
        guard TraceFS.mountedPath == nil else {
            // Mounted by someone else: withMounted uses that mount and mounts nothing.
            let used = TraceFS.withMounted { try? $0.get() }
            #expect(used != nil)
            return
        }
        let path = TraceFS.withMounted { result -> String? in
            guard case .success(let path) = result else { return nil }
            #expect(FileManager.default.fileExists(atPath: path + "/events"))
            let tlb = PerfCounter.availability(tracefs: result)[PerfCounter.Event.tlbFlush.description]
            #expect(tlb == .available, "tlb:tlb_flush through the private mount: \(String(describing: tlb))")
            return path
        }
        let used = try #require(path)
        #expect(used.hasPrefix("/proc/self/fd/"), "a private mount, not \(used)")
        #expect(!FileManager.default.fileExists(atPath: used + "/events"), "the private mount outlived the call")
    }
}
