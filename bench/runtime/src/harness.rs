//! The paired harness: two sides of one row run in alternating batches
//! (ABBA order, so a drift of the machine's speed weighs on both alike), and
//! the row's ratio is the median of the per-batch ratios.
//!
//! Why not criterion: criterion measures one function at a time, so a ratio
//! would come from two runs seconds apart on a shared, noisy machine; pairing
//! batch by batch is what makes a 5 % difference visible, and it is a few dozen
//! lines. It also keeps this crate's dependencies to what the runtime already
//! pulls in (`cargo clippy --workspace` compiles it in CI).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::time::{Duration, Instant};

/// The system allocator, counting the allocations of each thread (only the
/// measuring thread's are read, so the server's thread never counts).
pub struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is forwarded unchanged to `System`; the counter is a
// thread-local `Cell` without destructor, so counting never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

/// Allocations (and reallocations) made so far on this thread.
pub fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// How long and how many batches each row runs.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Batches per side.
    pub batches: usize,
    /// What one batch of a side should last, to size it.
    pub batch_time: Duration,
}

impl Plan {
    /// The real measurement.
    pub const FULL: Plan = Plan {
        batches: 31,
        batch_time: Duration::from_millis(40),
    };
    /// A smoke run: every row once or twice, no meaningful figure.
    pub const QUICK: Plan = Plan {
        batches: 2,
        batch_time: Duration::ZERO,
    };
}

/// One side's figures in a row.
#[derive(Debug, Clone, Copy)]
pub struct SideFigures {
    /// Median time of one call.
    pub per_call: Duration,
    /// Allocations per call (over all batches).
    pub allocations: f64,
}

/// A row: the generated side against the bare side.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    pub generated: SideFigures,
    pub bare: SideFigures,
    /// Median of the per-batch ratios generated / bare.
    pub ratio: f64,
}

/// Runs `generated` and `bare` paired; each invocation of a side does
/// `calls_per_unit` calls (64 for a concurrent row).
pub async fn paired<G, GF, B, BF>(
    plan: Plan,
    calls_per_unit: usize,
    mut generated: G,
    mut bare: B,
) -> Pair
where
    G: FnMut() -> GF,
    GF: Future<Output = ()>,
    B: FnMut() -> BF,
    BF: Future<Output = ()>,
{
    // Warm-up (connections, caches) and sizing, on the slower side.
    let units = units_for(plan.batch_time, &mut generated)
        .await
        .max(units_for(plan.batch_time, &mut bare).await);
    let mut ratios = Vec::with_capacity(plan.batches);
    let mut times = (Vec::new(), Vec::new());
    let mut allocations = (0u64, 0u64);
    for i in 0..plan.batches {
        let (g, b) = if i % 2 == 0 {
            let g = batch(units, &mut generated).await;
            (g, batch(units, &mut bare).await)
        } else {
            let b = batch(units, &mut bare).await;
            (batch(units, &mut generated).await, b)
        };
        ratios.push(g.0.as_secs_f64() / b.0.as_secs_f64().max(1e-12));
        times.0.push(g.0);
        times.1.push(b.0);
        allocations.0 += g.1;
        allocations.1 += b.1;
    }
    let calls = (units * calls_per_unit) as f64;
    let total = calls * plan.batches as f64;
    let figures = |times: &mut Vec<Duration>, allocations: u64| SideFigures {
        per_call: median(times).div_f64(calls),
        allocations: allocations as f64 / total,
    };
    Pair {
        generated: figures(&mut times.0, allocations.0),
        bare: figures(&mut times.1, allocations.1),
        ratio: median(&mut ratios),
    }
}

/// Units per batch so that a batch lasts about `target`, after a warm-up.
async fn units_for<S, F>(target: Duration, side: &mut S) -> usize
where
    S: FnMut() -> F,
    F: Future<Output = ()>,
{
    let mut units = 1;
    loop {
        let (elapsed, _) = batch(units, side).await;
        if elapsed >= target || units >= 1 << 20 {
            let per_unit = elapsed.as_secs_f64() / units as f64;
            return ((target.as_secs_f64() / per_unit.max(1e-9)) as usize).max(1);
        }
        units *= 2;
    }
}

/// Runs `units` invocations of `side`: their time and allocations.
async fn batch<S, F>(units: usize, side: &mut S) -> (Duration, u64)
where
    S: FnMut() -> F,
    F: Future<Output = ()>,
{
    let before = allocations();
    let started = Instant::now();
    for _ in 0..units {
        side().await;
    }
    (started.elapsed(), allocations() - before)
}

/// The median (upper one for an even count).
pub fn median<T: PartialOrd + Copy>(values: &mut [T]) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    values[values.len() / 2]
}
