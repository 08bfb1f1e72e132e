//! The road has no circles: reads the `crate::…` (and, inside a folder,
//! `super::…`) paths of every file in `src/` and fails on an import circle
//! between top-level modules (a file or folder of `src/`), or between the
//! files of one folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// module → the modules it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("src entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without `//` comments (doc comments name modules freely).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read a source file");
    text.lines()
        .map(|l| l.split_once("//").map_or(l, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first path segment after every `prefix::`, including each member of
/// a `prefix::{a::X, b}` group.
fn first_segments(code: &str, prefix: &str) -> Vec<String> {
    let needle = format!("{prefix}::");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(&needle) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + needle.len()..];
        rest = after;
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 0;
            let mut member = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(member.trim()).to_string());
                        member.clear();
                        continue;
                    }
                    _ => {}
                }
                member.push(c);
            }
            out.push(ident(member.trim()).to_string());
        } else {
            out.push(ident(after).to_string());
        }
    }
    out.retain(|s| !s.is_empty() && s != "self");
    out
}

/// The graphs: top-level modules, and the files of each folder.
fn graphs() -> (Graph, BTreeMap<String, Graph>) {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let top_of = |p: &Path| -> Option<String> {
        let rel = p.strip_prefix(&root).ok()?;
        let first = rel.components().next()?.as_os_str().to_string_lossy();
        let name = first.trim_end_matches(".rs").to_string();
        (name != "lib" && name != "main").then_some(name)
    };
    let tops: BTreeSet<String> = files.iter().filter_map(|p| top_of(p)).collect();
    let mut top = Graph::new();
    let mut folders: BTreeMap<String, Graph> = BTreeMap::new();
    for file in &files {
        let Some(from) = top_of(file) else { continue };
        let code = code_of(file);
        let named = first_segments(&code, "crate");
        for to in &named {
            if tops.contains(to) && *to != from {
                top.entry(from.clone()).or_default().insert(to.clone());
            }
        }
        // Inside a folder: sibling files through `crate::folder::x` or `super::x`.
        let rel = file.strip_prefix(&root).expect("under src");
        if rel.components().count() == 2 && file.file_name().is_some_and(|n| n != "mod.rs") {
            let folder = root.join(&from);
            let stem = file
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let sibling = |name: &str| name != stem && folder.join(format!("{name}.rs")).is_file();
            let mut inner: Vec<String> = first_segments(&code, &format!("crate::{from}"));
            inner.extend(first_segments(&code, "super"));
            for to in inner.into_iter().filter(|n| sibling(n)) {
                folders
                    .entry(from.clone())
                    .or_default()
                    .entry(stem.clone())
                    .or_default()
                    .insert(to);
            }
        }
    }
    (top, folders)
}

/// The strongly connected components with more than one module (Tarjan).
fn circles(graph: &Graph) -> Vec<BTreeSet<String>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("low");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("low");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn describe(graph: &Graph, circle: &BTreeSet<String>) -> String {
    let mut lines = vec![format!("{{{}}}", Vec::from_iter(circle.clone()).join(", "))];
    for from in circle {
        let to: Vec<&str> = graph[from]
            .iter()
            .filter(|t| circle.contains(*t))
            .map(String::as_str)
            .collect();
        lines.push(format!("    {from} → {}", to.join(", ")));
    }
    lines.join("\n")
}

#[test]
fn the_detector_finds_a_circle_and_reads_grouped_imports() {
    let code = "use crate::{a::X, b::{Y, Z}};\nfn f() { crate::c::g(); }";
    assert_eq!(first_segments(code, "crate"), ["a", "b", "c"]);
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    g.entry("c".into()).or_default().insert("d".into());
    let found = circles(&g);
    assert_eq!(found.len(), 1);
    assert_eq!(Vec::from_iter(found[0].clone()), ["a", "b", "c"]);
}

#[test]
fn modules_import_each_other_in_one_direction_only() {
    let (top, folders) = graphs();
    let mut report = Vec::new();
    for circle in circles(&top) {
        report.push(format!("src/: {}", describe(&top, &circle)));
    }
    for (folder, graph) in &folders {
        for circle in circles(graph) {
            report.push(format!("src/{folder}/: {}", describe(graph, &circle)));
        }
    }
    assert!(
        report.is_empty(),
        "import circles between modules (each names what it imports inside the circle):\n{}",
        report.join("\n")
    );
}
