//! What the crate boundaries cannot say. The workspace keeps the big layers apart: the domain
//! (`crates/domain`) depends on no web framework, runtime or database, and the consent log
//! (`crates/consent-log`) on no web framework, so the compiler refuses an upward import between
//! them and the app. Inside each crate this test reads the source and fails on an import
//! circle, between files or between top-level modules, and on an import that runs up the
//! crate's layers:
//!
//! - domain: `dates`, `paths` < `i18n` < `consent` < `gating`, `personalization`,
//!   `accounts`;
//! - app (`src/`): `documents` < `server` < `api` < `admin` < `ui` < `app` < `router` < the
//!   crate root and `main.rs`.
//!
//! It also checks that the library manifests keep their dependencies out, and that every
//! source file opens with its `//!` line.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One crate of the workspace: its source root and the layer of each top-level module.
struct Crate {
    root: &'static str,
    layers: &'static [(&'static str, usize)],
}

const DOMAIN: Crate = Crate {
    root: "crates/domain/src",
    layers: &[
        ("dates", 0),
        ("paths", 0),
        ("i18n", 1),
        ("consent", 2),
        ("gating", 3),
        ("personalization", 3),
        ("accounts", 3),
        ("", 4),
    ],
};

/// The consent log: its files may use each other, without a circle.
const CONSENT_LOG: Crate = Crate {
    root: "crates/consent-log/src",
    layers: &[],
};

const APP: Crate = Crate {
    root: "src",
    layers: &[
        ("documents", 0),
        ("server", 1),
        ("api", 2),
        ("admin", 3),
        ("ui", 4),
        ("app", 5),
        ("router", 6),
        ("", 7),
        ("main", 7),
    ],
};

const CRATES: [&Crate; 3] = [&DOMAIN, &CONSENT_LOG, &APP];

/// What each library must not depend on.
const KEPT_OUT: &[(&str, &[&str])] = &[
    (
        "crates/domain/Cargo.toml",
        &[
            "leptos", "axum", "http", "tower", "tokio", "sqlx", "web-sys", "hyper",
        ],
    ),
    (
        "crates/consent-log/Cargo.toml",
        &["leptos", "axum", "tower", "hyper", "web-sys"],
    ),
];

/// A source file and its module path, e.g. `src/ui/consent/banner.rs` is `ui::consent::banner`.
struct Source {
    module: Vec<String>,
    /// The file without its `#[cfg(test)]` modules and comments.
    code: String,
}

fn sources(krate: &Crate) -> BTreeMap<PathBuf, Source> {
    let mut out = BTreeMap::new();
    walk(Path::new(krate.root), krate.root, &mut out);
    out
}

fn walk(dir: &Path, root: &str, out: &mut BTreeMap<PathBuf, Source>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            out.insert(
                path.clone(),
                Source {
                    module: module_of(root, &path),
                    code: without_tests_and_comments(&text),
                },
            );
        }
    }
}

fn module_of(root: &str, path: &Path) -> Vec<String> {
    let rel = path.strip_prefix(root).unwrap();
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
    // A path that matches no module names an item of the crate root, or a library the root
    // re-exports (`crate::consent` is the domain crate): not a file of this crate.
    if depth == 0 && !path.is_empty() {
        return None;
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
fn graph(
    krate: &Crate,
) -> (
    BTreeMap<PathBuf, Source>,
    BTreeMap<PathBuf, BTreeSet<PathBuf>>,
) {
    let sources = sources(krate);
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

fn layer(krate: &Crate, module: &[String]) -> usize {
    let top = module.first().map_or("", String::as_str);
    krate
        .layers
        .iter()
        .find(|(name, _)| *name == top)
        .unwrap_or_else(|| panic!("{top} is not in {}'s layers: give it one", krate.root))
        .1
}

/// The first circle in `edges`, as its nodes in order, if there is one.
fn circle<T: Ord + Clone>(edges: &BTreeMap<T, BTreeSet<T>>) -> Option<Vec<T>> {
    // Depth-first search for a back edge.
    fn visit<T: Ord + Clone>(
        node: &T,
        edges: &BTreeMap<T, BTreeSet<T>>,
        stack: &mut Vec<T>,
        done: &mut BTreeSet<T>,
    ) -> Option<Vec<T>> {
        if done.contains(node) {
            return None;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut found = stack[at..].to_vec();
            found.push(node.clone());
            return Some(found);
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_two_files_import_each_other_directly_or_through_a_circle() {
    for krate in CRATES {
        let (_, edges) = graph(krate);
        if let Some(found) = circle(&edges) {
            let names: Vec<_> = found.iter().map(|p| p.display().to_string()).collect();
            panic!("import circle: {}", names.join(" -> "));
        }
        assert!(
            edges.len() > 4,
            "the scan found too few imports in {}: {edges:?}",
            krate.root
        );
    }
}

/// The circle tests/layering.rs once missed: `consent` used `i18n`, and `i18n` used
/// `consent::date`, with no circle between two files.
#[test]
fn no_two_top_level_modules_import_each_other_through_a_circle() {
    for krate in CRATES {
        let (sources, edges) = graph(krate);
        let top = |file: &PathBuf| sources[file].module.first().cloned().unwrap_or_default();
        let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, targets) in &edges {
            for to in targets {
                let (a, b) = (top(from), top(to));
                // The crate root declares the modules; a module's files use each other.
                if a != b && !a.is_empty() && !b.is_empty() {
                    modules.entry(a).or_default().insert(b);
                }
            }
        }
        if let Some(found) = circle(&modules) {
            panic!("module circle in {}: {}", krate.root, found.join(" -> "));
        }
    }
    // The check sees a circle when there is one.
    let mut modules: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    modules.entry("consent").or_default().insert("i18n");
    modules.entry("i18n").or_default().insert("consent");
    assert!(circle(&modules).is_some());
}

#[test]
fn imports_run_down_the_layers() {
    let mut wrong = Vec::new();
    for krate in CRATES.into_iter().filter(|k| !k.layers.is_empty()) {
        let (sources, edges) = graph(krate);
        for (from, targets) in &edges {
            for to in targets {
                let (a, b) = (&sources[from].module, &sources[to].module);
                if layer(krate, b) > layer(krate, a) {
                    wrong.push(format!("{} uses {}", from.display(), to.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

#[test]
fn the_libraries_keep_their_dependencies_out() {
    for (manifest, kept_out) in KEPT_OUT {
        let text = fs::read_to_string(manifest).unwrap();
        let names: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('['))
            .filter_map(|l| l.split_once('=').map(|(name, _)| name.trim()))
            .collect();
        assert!(
            names.contains(&"serde"),
            "{manifest} was not read: {names:?}"
        );
        for name in *kept_out {
            assert!(!names.contains(name), "{manifest} depends on {name}");
        }
    }
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let mut files: Vec<PathBuf> = CRATES.iter().flat_map(|k| sources(k).into_keys()).collect();
    for target in fs::read_dir("fuzz/fuzz_targets").unwrap() {
        files.push(target.unwrap().path());
    }
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
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
