//! A bounded, structure-aware fuzz of the whole pipeline.
//!
//! Each case takes one real spec (the four providers' and a few of the
//! shared corpus), applies a few mutations to its JSON tree (drop a key,
//! swap a value's type, point a node's `$ref` at the node itself or
//! elsewhere, nest a node deeper, blow a string up, append random
//! characters to the text) and runs the serialized result through
//! `codegen::generate_from_str`. It must return `Ok` or `Err`, never panic,
//! within [`CASE_BOUND`].
//!
//! [`DEFAULT_CASES`] cases by default (CI); `LINKGEN_FUZZ_CASES=5000 cargo
//! test --release -p linkgen-codegen --test fuzz` runs longer by hand, and
//! `LINKGEN_FUZZ_SEED=N` picks another seed (the default one is fixed, so
//! CI runs are reproducible). A panic fails the test with the source spec,
//! the mutations and the file the mutated document was written to.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use codegen::{CrateOptions, LowerOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value};

/// Cases in a default run: about 10 s in a debug build.
const DEFAULT_CASES: u32 = 200;
/// Longest one case may take (debug build, loaded machine).
const CASE_BOUND: Duration = Duration::from_secs(10);

/// The name of the threads that run a case: the panic hook stays quiet on
/// them only, so a test running beside this one in the same binary still
/// reports its own panics.
const CASE_THREAD: &str = "fuzz-case";
/// Corpus specs the fuzz starts from, besides `specs/*.yaml`: small ones of
/// different styles (3.0 and 3.1, YAML and JSON, webhooks, recursion).
const CORPUS: [&str; 5] = [
    "readme-edge__webhooks.yaml",
    "readme-edge__schema-circular.yaml",
    "oxide__buildomat.json",
    "redocly-museum__openapi.yaml",
    "train-travel__openapi.yaml",
];

/// A spec to mutate: its name and its tree.
struct Source {
    name: String,
    value: Value,
}

fn sources() -> &'static [Source] {
    static SOURCES: OnceLock<Vec<Source>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
            .expect("specs/ exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 4, "the four provider specs: {files:?}");
        let corpus = root.join("../shared/corpus");
        for name in CORPUS {
            let path = corpus.join(name);
            assert!(
                path.is_file(),
                "the fuzz needs the shared corpus: {} is missing",
                path.display()
            );
            files.push(path);
        }
        files
            .into_iter()
            .map(|path| {
                let doc = codegen::load::load(&path)
                    .unwrap_or_else(|e| panic!("{} loads: {e}", path.display()));
                Source {
                    name: path
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    value: doc.value,
                }
            })
            .collect()
    })
}

/// One change to the tree. `at` picks the node (modulo the node count),
/// `arg` whatever else the mutation needs.
#[derive(Debug, Clone)]
enum Mutation {
    DropKey { at: usize, arg: usize },
    SwapType { at: usize, arg: usize },
    SelfRef { at: usize },
    RefElsewhere { at: usize, arg: usize },
    Deepen { at: usize, arg: usize },
    HugeString { at: usize, arg: usize },
}

/// A fuzz case: which source, which mutations, what to append to the text.
#[derive(Debug, Clone)]
struct Case {
    source: usize,
    mutations: Vec<Mutation>,
    appended: String,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    let arg = any::<usize>();
    prop_oneof![
        3 => (at, arg).prop_map(|(at, arg)| Mutation::DropKey { at, arg }),
        3 => (at, arg).prop_map(|(at, arg)| Mutation::SwapType { at, arg }),
        2 => at.prop_map(|at| Mutation::SelfRef { at }),
        2 => (at, arg).prop_map(|(at, arg)| Mutation::RefElsewhere { at, arg }),
        2 => (at, arg).prop_map(|(at, arg)| Mutation::Deepen { at, arg }),
        1 => (at, arg).prop_map(|(at, arg)| Mutation::HugeString { at, arg }),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    let appended = prop_oneof![
        6 => Just(String::new()),
        1 => proptest::collection::vec(any::<char>(), 1..64)
            .prop_map(|chars| chars.into_iter().collect()),
        1 => proptest::collection::vec(any::<u8>(), 1..64)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ];
    (
        0..sources().len(),
        proptest::collection::vec(mutation(), 1..5),
        appended,
    )
        .prop_map(|(source, mutations, appended)| Case {
            source,
            mutations,
            appended,
        })
}

/// Every node's JSON pointer, in document order (iteratively: mutated
/// trees can be deep).
fn pointers(root: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), root)];
    while let Some((ptr, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    let token = key.replace('~', "~0").replace('/', "~1");
                    stack.push((format!("{ptr}/{token}"), child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{ptr}/{index}"), child));
                }
            }
            _ => {}
        }
        out.push(ptr);
    }
    out
}

/// A value of another JSON type than `old`.
fn other_type(old: &Value, arg: usize) -> Value {
    let choices = [
        Value::Object(Map::new()),
        Value::String("fuzz".to_string()),
        Value::from(-1.5),
        Value::from(arg as u64),
        Value::Array(vec![old.clone()]),
        Value::Null,
        Value::Bool(true),
    ];
    let same = |v: &Value| std::mem::discriminant(v) == std::mem::discriminant(old);
    let mut others: Vec<Value> = choices.into_iter().filter(|v| !same(v)).collect();
    let index = arg % others.len();
    others.swap_remove(index)
}

fn apply(root: &mut Value, mutation: &Mutation) {
    let all = pointers(root);
    let pick = |at: usize| all[at % all.len()].clone();
    match *mutation {
        Mutation::DropKey { at, arg } => {
            if let Some(Value::Object(map)) = root.pointer_mut(&pick(at)) {
                if !map.is_empty() {
                    let key = map.keys().nth(arg % map.len()).cloned();
                    if let Some(key) = key {
                        map.shift_remove(&key);
                    }
                }
            }
        }
        Mutation::SwapType { at, arg } => {
            if let Some(node) = root.pointer_mut(&pick(at)) {
                *node = other_type(node, arg);
            }
        }
        Mutation::SelfRef { at } => {
            let ptr = pick(at);
            if let Some(node) = root.pointer_mut(&ptr) {
                *node = serde_json::json!({"$ref": format!("#{ptr}")});
            }
        }
        Mutation::RefElsewhere { at, arg } => {
            let target = pick(arg);
            if let Some(node) = root.pointer_mut(&pick(at)) {
                let reference = Value::String(format!("#{target}"));
                match node {
                    Value::Object(map) => {
                        map.insert("$ref".to_string(), reference);
                    }
                    other => *other = serde_json::json!({"$ref": reference}),
                }
            }
        }
        Mutation::Deepen { at, arg } => {
            if let Some(node) = root.pointer_mut(&pick(at)) {
                let mut inner = node.take();
                for level in 0..(arg % 150) + 1 {
                    inner = match (arg / 150 + level) % 3 {
                        0 => serde_json::json!({"type": "object", "properties": {"p": inner}}),
                        1 => serde_json::json!({"type": "array", "items": inner}),
                        _ => serde_json::json!({"allOf": [inner]}),
                    };
                }
                *node = inner;
            }
        }
        Mutation::HugeString { at, arg } => {
            if let Some(node) = root.pointer_mut(&pick(at)) {
                let unit = ["a", "é", "`", "*/ \n", "\u{202e}", "#[x]", "\"", "{}"][arg % 8];
                *node = Value::String(unit.repeat(1 + arg % (256 << 10)));
            }
        }
    }
}

fn krate() -> CrateOptions {
    CrateOptions {
        crate_name: "fuzz-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: r#"{ path = "../../runtime" }"#.into(),
        env_prefix: "FUZZ".into(),
        standalone: false,
        spec_file: "fuzz.json".into(),
        default_headers: Vec::new(),
    }
}

/// Where a failing case's document is kept for a rerun by hand.
fn keep(text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("failing-{}.json", std::process::id()));
    let _ = std::fs::write(&path, text);
    path
}

/// How many cases generated a crate, and how many gave an error.
static GENERATED: AtomicUsize = AtomicUsize::new(0);
static REJECTED: AtomicUsize = AtomicUsize::new(0);

/// Builds the case's text and runs the pipeline on it.
fn run(case: &Case) -> Result<(), TestCaseError> {
    let source = &sources()[case.source];
    let mut value = source.value.clone();
    for mutation in &case.mutations {
        apply(&mut value, mutation);
    }
    let mut text = serde_json::to_string_pretty(&value)
        .map_err(|e| TestCaseError::fail(format!("serialize: {e}")))?;
    text.push_str(&case.appended);
    let start = Instant::now();
    // On a thread of its own, so that a case that hangs is reported (its
    // thread is left behind) instead of stalling the run.
    let (send, receive) = std::sync::mpsc::channel();
    let shared = std::sync::Arc::new(text);
    let input = std::sync::Arc::clone(&shared);
    std::thread::Builder::new()
        .name(CASE_THREAD.into())
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                codegen::generate_from_str(
                    Path::new("fuzz.json"),
                    &input,
                    &LowerOptions::default(),
                    &krate(),
                )
                .map(drop)
            }));
            let _ = send.send(outcome);
        })
        .map_err(|e| TestCaseError::fail(format!("spawning a case thread: {e}")))?;
    let text = shared.as_str();
    let Ok(outcome) = receive.recv_timeout(CASE_BOUND * 3) else {
        return Err(TestCaseError::fail(format!(
            "no answer after {:?} on {} mutated by {:?} (document kept at {})",
            CASE_BOUND * 3,
            source.name,
            case.mutations,
            keep(text).display()
        )));
    };
    match &outcome {
        Ok(Ok(())) => GENERATED.fetch_add(1, Ordering::Relaxed),
        Ok(Err(_)) => REJECTED.fetch_add(1, Ordering::Relaxed),
        Err(_) => 0,
    };
    let elapsed = start.elapsed();
    match outcome {
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(TestCaseError::fail(format!(
                "panic `{what}` on {} mutated by {:?} (document kept at {})",
                source.name,
                case.mutations,
                keep(text).display()
            )))
        }
        Ok(_) if elapsed > CASE_BOUND => Err(TestCaseError::fail(format!(
            "{elapsed:?} on {} mutated by {:?} (document kept at {})",
            source.name,
            case.mutations,
            keep(text).display()
        ))),
        Ok(_) => Ok(()),
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

#[test]
fn mutated_specs_never_panic() {
    let cases = env_number("LINKGEN_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as u32);
    let seed = env_number("LINKGEN_FUZZ_SEED").unwrap_or(0x6c69_6e6b_6765_6e00);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 64,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    // Silence the hook on the case threads, whose panics are caught on
    // purpose (the failure message says where); every other thread of the
    // binary keeps the hook it had. Left installed: it changes nothing for
    // the other threads, and a test that restored the previous hook could
    // drop one another test installed meanwhile.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(CASE_THREAD) {
            previous(info);
        }
    }));
    let start = Instant::now();
    let result = runner.run(&case(), |case| run(&case));
    println!(
        "{cases} cases (seed {seed}) in {:?}: {} generated, {} rejected with an error",
        start.elapsed(),
        GENERATED.load(Ordering::Relaxed),
        REJECTED.load(Ordering::Relaxed),
    );
    if let Err(e) = result {
        panic!("seed {seed}: {e}");
    }
}
