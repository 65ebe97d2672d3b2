//! The shape of `src/`: imports run one way, with no circle between files, and the domain
//! stays free of the web framework. Read from the source text, so it holds for both feature
//! sets at once.
//!
//! Layers, bottom up (a file may use its own layer and those below):
//! 0. the domain: `consent`, `gating`, `personalization`, `paths`;
//! 1. `log` (the consent log, ssr); 2. `server` (ssr infrastructure, state and config);
//! 3. `api` (server functions); 4. `admin` (ssr); 5. `ui`; 6. `app`; 7. `router`;
//! 8. the crate root and `main.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layer of each top-level module.
const LAYERS: &[(&str, usize)] = &[
    ("consent", 0),
    ("gating", 0),
    ("personalization", 0),
    ("paths", 0),
    ("i18n", 0),
    ("log", 1),
    ("server", 2),
    ("api", 3),
    ("admin", 4),
    ("ui", 5),
    ("app", 6),
    ("router", 7),
    ("", 8),
    ("main", 8),
];

/// The domain's modules: no web framework in their non-test code.
const DOMAIN: &[&str] = &["consent", "gating", "personalization", "paths", "i18n"];
const FRAMEWORKS: &[&str] = &["leptos", "axum", "http", "tower", "tokio", "web_sys"];

/// A source file and its module path, e.g. `src/ui/consent/banner.rs` is `ui::consent::banner`.
struct Source {
    module: Vec<String>,
    /// The file without its `#[cfg(test)]` modules and comments.
    code: String,
}

fn sources() -> BTreeMap<PathBuf, Source> {
    let mut out = BTreeMap::new();
    walk(Path::new("src"), &mut out);
    out
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Source>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            out.insert(
                path.clone(),
                Source {
                    module: module_of(&path),
                    code: without_tests_and_comments(&text),
                },
            );
        }
    }
}

fn module_of(path: &Path) -> Vec<String> {
    let rel = path.strip_prefix("src").unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Test modules may import anything; comments are not code.
fn without_tests_and_comments(text: &str) -> String {
    let code = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .map(|l| match l.find("//") {
            Some(at) if !l[..at].contains('"') => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path the code names through `crate::` or `super::`, braces of `use` expanded, each
/// as absolute module segments.
fn named_paths(source: &Source) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let code = &source.code;
    // `use` declarations (a line that starts one, up to its `;`), brace groups expanded.
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        let decl = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .find_map(|p| line.strip_prefix(p));
        let Some(first) = decl else { continue };
        let mut decl = first.to_string();
        while !decl.contains(';') {
            match lines.next() {
                Some(more) => decl.push_str(more),
                None => break,
            }
        }
        let decl = decl.split(';').next().unwrap().replace(" as ", "@");
        let decl: String = decl.split_whitespace().collect();
        for path in expand(&decl) {
            if let Some(abs) = absolute(&source.module, &path) {
                out.push(abs);
            }
        }
    }
    // Qualified paths in expressions and types: `crate::server::response::set_status(...)`.
    for (i, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let tail: String = code[i..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        if let Some(abs) = absolute(&source.module, tail.trim_end_matches(':')) {
            out.push(abs);
        }
    }
    out
}

/// `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e` (no whitespace in `decl`, and
/// `@` for ` as `).
fn expand(decl: &str) -> Vec<String> {
    let Some(open) = decl.find('{') else {
        // `@` stands for ` as `: the alias is not part of the path.
        return vec![decl.split('@').next().unwrap().to_string()];
    };
    let prefix = &decl[..open];
    let inner = &decl[open + 1..decl.rfind('}').unwrap_or(decl.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

fn absolute(module: &[String], path: &str) -> Option<Vec<String>> {
    let mut segs = path.split("::").filter(|s| !s.is_empty());
    let mut base: Vec<String> = match segs.next()? {
        "crate" => Vec::new(),
        "super" => {
            let mut m = module.to_vec();
            m.pop()?;
            m
        }
        "self" => module.to_vec(),
        _ => return None,
    };
    for s in segs {
        if s == "super" {
            base.pop()?;
        } else if s != "self" && s != "*" {
            base.push(s.to_string());
        }
    }
    Some(base)
}

/// The file a path points into: the deepest module that exists, followed through a
/// `pub use child::…::Item` re-export of the item when the module is a `mod.rs`.
fn resolve(
    path: &[String],
    files: &BTreeMap<Vec<String>, PathBuf>,
    sources: &BTreeMap<PathBuf, Source>,
) -> Option<PathBuf> {
    let mut depth = path.len();
    while depth > 0 && !files.contains_key(&path[..depth]) {
        depth -= 1;
    }
    let file = files.get(&path[..depth])?;
    if let Some(item) = path.get(depth) {
        let code = &sources[file].code;
        for line in code.split(';') {
            let line: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
            let Some(decl) = line.strip_prefix("pub use ") else {
                continue;
            };
            let decl: String = decl.split_whitespace().collect();
            for target in expand(&decl) {
                if target.rsplit("::").next() == Some(item.as_str()) {
                    let mut child = path[..depth].to_vec();
                    child.extend(target.split("::").map(str::to_string));
                    if let Some(found) = resolve(&child, files, sources) {
                        if &found != file {
                            return Some(found);
                        }
                    }
                }
            }
        }
    }
    Some(file.clone())
}

/// Edges between files, with what named them.
fn graph() -> (
    BTreeMap<PathBuf, Source>,
    BTreeMap<PathBuf, BTreeSet<PathBuf>>,
) {
    let sources = sources();
    let files: BTreeMap<Vec<String>, PathBuf> = sources
        .iter()
        .map(|(p, s)| (s.module.clone(), p.clone()))
        .collect();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (file, source) in &sources {
        // A module file's `mod` and `pub use` lines declare and re-export its children: they
        // are the tree, not imports.
        let is_module_file = file.ends_with("mod.rs") || file.ends_with("lib.rs");
        for path in named_paths(source) {
            let Some(target) = resolve(&path, &files, &sources) else {
                continue;
            };
            let target_module = &sources[&target].module;
            let is_descendant = target_module.starts_with(&source.module);
            if target == *file || (is_module_file && is_descendant) {
                continue;
            }
            // A child naming its parent module reaches a sibling through a re-export that
            // `resolve` already followed; what is left is the parent's own items.
            edges.entry(file.clone()).or_default().insert(target);
        }
    }
    (sources, edges)
}

fn layer(module: &[String]) -> usize {
    let top = module.first().map_or("", String::as_str);
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .unwrap_or_else(|| panic!("{top} is not in LAYERS: give the new module its layer"))
        .1
}

#[test]
fn no_two_files_import_each_other_directly_or_through_a_circle() {
    let (_, edges) = graph();
    // Depth-first search for a back edge.
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        stack: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            let circle: Vec<_> = stack[at..]
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            panic!(
                "import circle: {} -> {}",
                circle.join(" -> "),
                node.display()
            );
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, stack, done);
        }
        stack.pop();
        done.insert(node.clone());
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done);
    }
    assert!(
        edges.len() > 20,
        "the scan found too few imports: {edges:?}"
    );
}

#[test]
fn imports_run_down_the_layers() {
    let (sources, edges) = graph();
    let mut wrong = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            let (a, b) = (&sources[from].module, &sources[to].module);
            if layer(b) > layer(a) {
                wrong.push(format!("{} uses {}", from.display(), to.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

#[test]
fn the_domain_uses_no_web_framework() {
    for (file, source) in sources() {
        let top = source.module.first().map_or("", String::as_str);
        if !DOMAIN.contains(&top) {
            continue;
        }
        for framework in FRAMEWORKS {
            for pattern in [format!("use {framework}::"), format!(" {framework}::")] {
                assert!(
                    !source.code.contains(&pattern),
                    "{} uses {framework}",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn every_source_file_says_what_it_is_for() {
    for file in sources().keys() {
        let text = fs::read_to_string(file).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! line",
            file.display()
        );
    }
}

#[test]
fn the_scanner_expands_and_resolves_paths() {
    assert_eq!(
        expand("crate::ui::{consent::{A,B},site::C}"),
        [
            "crate::ui::consent::A",
            "crate::ui::consent::B",
            "crate::ui::site::C"
        ]
    );
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        absolute(&m("ui::consent::banner"), "super::X"),
        Some(m("ui::consent::X"))
    );
    assert_eq!(
        absolute(&m("api::consent"), "crate::paths"),
        Some(m("paths"))
    );
    assert_eq!(absolute(&m("api"), "leptos::prelude"), None);
}
