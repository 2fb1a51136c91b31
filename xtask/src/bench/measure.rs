//! A child process's wall time, CPU time and peak memory, from `wait4`.
//!
//! The kernel folds the usage of every descendant the child reaped into the
//! child's own, and its `ru_maxrss` is the largest resident set among them:
//! for `cargo build`, the peak of the biggest `rustc`.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// What one run of a command cost.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cost {
    pub(crate) wall: Duration,
    /// User plus system time of the process and its reaped descendants.
    pub(crate) cpu: Duration,
    /// Peak resident set of the process or its largest descendant, in KiB.
    pub(crate) peak_kib: u64,
}

impl Cost {
    /// The better of two runs, field by field (the machine is shared: the
    /// least disturbed run is the closest to the command's own cost).
    pub(crate) fn best(self, other: Cost) -> Cost {
        Cost {
            wall: self.wall.min(other.wall),
            cpu: self.cpu.min(other.cpu),
            peak_kib: self.peak_kib.min(other.peak_kib),
        }
    }
}

/// Runs `command` to completion with its output in `log`; fails, pointing at
/// the log, when it exits unsuccessfully.
pub(crate) fn run(command: &mut Command, log: &Path) -> Result<Cost> {
    if let Some(parent) = log.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let out = File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
    command
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out);
    let start = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("cannot run {command:?}"))?;
    let pid = libc::pid_t::try_from(child.id()).context("pid out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data the kernel fills in; all-zero is a valid
    // value of it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unreaped child (`Child::wait` is never called
    // on it, so it is reaped exactly once, here); both out-pointers point to
    // live locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    drop(child);
    if reaped != pid {
        bail!(
            "waiting for {command:?} failed: {}",
            std::io::Error::last_os_error()
        );
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        bail!("{command:?} failed; its output is in {}", log.display());
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Ok(Cost {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux reports `ru_maxrss` in KiB.
        peak_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    })
}

/// The least-squares line `y = slope · x + intercept` through the points,
/// and its coefficient of determination r².
pub(crate) fn linear_fit(points: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let syy: f64 = points.iter().map(|p| (p.1 - mean_y).powi(2)).sum();
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let residual: f64 = points
        .iter()
        .map(|p| (p.1 - (slope * p.0 + intercept)).powi(2))
        .sum();
    Some((slope, intercept, 1.0 - residual / syy))
}

#[cfg(test)]
mod tests {
    use super::linear_fit;

    #[test]
    fn a_line_fits_exactly_and_noise_lowers_r2() {
        let (slope, intercept, r2) = linear_fit(&[(1.0, 3.0), (2.0, 5.0), (4.0, 9.0)]).unwrap();
        assert!((slope - 2.0).abs() < 1e-9 && (intercept - 1.0).abs() < 1e-9);
        assert!((r2 - 1.0).abs() < 1e-9);
        let (_, _, r2) = linear_fit(&[(1.0, 1.0), (2.0, 3.0), (3.0, 2.0), (4.0, 4.0)]).unwrap();
        assert!(r2 > 0.0 && r2 < 1.0);
        assert!(linear_fit(&[(1.0, 1.0)]).is_none());
    }
}
