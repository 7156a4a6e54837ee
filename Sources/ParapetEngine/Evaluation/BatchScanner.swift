import Dispatch
import Foundation
import ParapetFacts

/// Scans many bundles with every core and streams one result per bundle, in input order.
///
/// Bundles are processed in windows: each window runs in parallel (one pooled Lua state per
/// worker), then its results are written in order and dropped, so memory stays flat however
/// many bundles the list holds.
public struct BatchScanner: Sendable {
  public let pipeline: ScanPipeline
  /// Worker threads (defaults to the number of cores).
  public var workers: Int
  /// Bundles per window; bounds how many results are held at once.
  public var window: Int

  public init(pipeline: ScanPipeline, workers: Int = ProcessInfo.processInfo.activeProcessorCount, window: Int = 64) {
    self.pipeline = pipeline
    self.workers = max(1, workers)
    self.window = max(1, window)
  }

  /// The bundles of shard `index` (1-based) of `count`: every count-th bundle of the list,
  /// so N jobs over the same list cover it exactly once.
  public static func shard<T>(_ items: [T], index: Int, count: Int) -> [(Int, T)] {
    items.enumerated().filter { $0.offset % count == index - 1 }.map { ($0.offset, $0.element) }
  }

  /// Scans `bundles` (position in the full list, path) and hands each report to `emit` in
  /// order. Returns the highest exit code.
  public func run(_ bundles: [(Int, String)], emit: (Int, String, ScanReport) -> Void) -> Int32 {
    var exitCode: Int32 = 0
    var start = 0
    while start < bundles.count {
      let slice = Array(bundles[start..<min(start + window, bundles.count)])
      let results = ResultSlots(count: slice.count)
      let pipeline = self.pipeline
      let lanes = min(workers, slice.count)
      DispatchQueue.concurrentPerform(iterations: lanes) { lane in
        var index = lane
        while index < slice.count {
          results.set(index, pipeline.scan([slice[index].1]))
          index += lanes
        }
      }
      for (offset, item) in slice.enumerated() {
        let report = results.take(offset)
        exitCode = max(exitCode, report.exitCode)
        emit(item.0, item.1, report)
      }
      start += window
    }
    return exitCode
  }
}

/// Slots that worker threads fill and the writer empties.
final class ResultSlots: @unchecked Sendable {
  private var slots: [ScanReport?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ report: ScanReport) {
    lock.lock()
    slots[index] = report
    lock.unlock()
  }

  func take(_ index: Int) -> ScanReport {
    lock.lock()
    defer { lock.unlock() }
    let report = slots[index]!
    slots[index] = nil
    return report
  }
}
