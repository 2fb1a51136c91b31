//! One `prism mock` process of `cargo xtask corpus --wire`, killed on drop,
//! and one run of a wire driver against it.
//!
//! Started as `tests/it/prism.rs` starts it (a free local port, `-d --seed
//! N`): one process serves both modes, static answers being asked for per
//! request with `Prefer: dynamic=false`, since a Prism boot costs ~4 s of CPU.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// How long one Prism may take to boot (two share two cores with a build).
const BOOT: Duration = Duration::from_secs(120);

/// A running Prism.
pub(super) struct Prism {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub(super) base: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("no free local port")?;
    Ok(listener.local_addr()?.port())
}

/// Copies a stream's lines to `ready` until it ends (the pipe must be read
/// or Prism blocks on a full one); a line saying it listens is the signal.
fn forward(stream: impl Read + Send + 'static, ready: mpsc::Sender<String>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(|l| l.ok()) {
            let _ = ready.send(line);
        }
    });
}

impl Prism {
    /// Starts Prism on `spec` in dynamic mode with `seed`.
    pub(super) fn start(binary: &Path, spec: &Path, seed: u32) -> Result<Prism> {
        let port = free_port()?;
        let mut child = Command::new(binary)
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .args(["-d", "--seed", &seed.to_string()])
            .arg(spec)
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let (ready, lines) = mpsc::channel();
        if let Some(out) = child.stdout.take() {
            forward(out, ready.clone());
        }
        if let Some(err) = child.stderr.take() {
            forward(err, ready);
        }
        let prism = Prism {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let mut seen = Vec::new();
        loop {
            match lines.recv_timeout(BOOT) {
                Ok(line) if line.contains("Prism is listening on") => {
                    // Keep draining so Prism never blocks on its pipe.
                    std::thread::spawn(move || for _ in lines {});
                    return Ok(prism);
                }
                Ok(line) => seen.push(line),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    bail!("Prism did not start within {BOOT:?}")
                }
                // Its output ended: it exited (its fatal line says why).
                Err(mpsc::RecvTimeoutError::Disconnected) => bail!(
                    "Prism cannot load the spec: {}",
                    seen.iter()
                        .find(|l| l.contains("fatal"))
                        .map(|l| l.trim())
                        .unwrap_or("it exited")
                ),
            }
        }
    }
}

/// Runs a driver binary against `base`; its JSON lines. `prefer`: the
/// `Prefer` header of every call.
pub(super) fn drive(
    driver: &Path,
    base: &str,
    prefer: Option<&str>,
) -> Result<Vec<serde_json::Value>> {
    let mut command = Command::new(driver);
    command
        .env("LINKGEN_DRIVE_BASE", base)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(prefer) = prefer {
        command.env("LINKGEN_DRIVE_PREFER", prefer);
    }
    let output = command
        .output()
        .with_context(|| format!("cannot run {}", driver.display()))?;
    if !output.status.success() {
        bail!("{} failed ({})", driver.display(), output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect())
}
