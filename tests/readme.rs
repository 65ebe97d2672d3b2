//! The README against the registry: what it says about trackers and their configuration must
//! match what the code loads, so adding a tracker cannot leave the README behind.

use leadsgen_consent::consent::{ID_PLACEHOLDER, LEADSGEN};

fn readme() -> String {
    std::fs::read_to_string("README.md").expect("README.md at the crate root")
}

/// The README's Markdown table row that starts with `| {first}`.
fn row<'a>(readme: &'a str, first: &str) -> Option<&'a str> {
    readme
        .lines()
        .find(|l| l.starts_with(&format!("| {first} ")))
}

#[test]
fn every_tracker_setting_is_in_the_configuration_table() {
    let readme = readme();
    for (_, script) in LEADSGEN.scripts() {
        let setting = script.setting;
        let line = row(&readme, &format!("`{}`", setting.env))
            .unwrap_or_else(|| panic!("no configuration row for {}", setting.env));
        assert!(
            line.contains(&format!("`{}`", setting.default)),
            "{}: the default {} is not in {line}",
            setting.env,
            setting.default
        );
    }
}

#[test]
fn every_tracker_script_and_host_is_in_the_trackers_table() {
    let readme = readme();
    let section = readme
        .split("## Trackers, Consent Mode and the Content-Security-Policy")
        .nth(1)
        .expect("the trackers section")
        .split("\n## ")
        .next()
        .unwrap();
    for (category, script) in LEADSGEN.scripts() {
        let line = row(section, category.key())
            .unwrap_or_else(|| panic!("no row for {} in the trackers table", category.key()));
        let src = script.src.split(ID_PLACEHOLDER).next().unwrap();
        assert!(line.contains(src), "{}: {src} is not in {line}", script.key);
        let h = script.hosts;
        for host in [h.script, h.connect, h.img, h.frame].concat() {
            let bare = host.trim_start_matches("https://");
            assert!(
                line.contains(bare),
                "{}: {bare} is not in {line}",
                script.key
            );
        }
    }
}

#[test]
fn every_file_the_readme_names_exists() {
    let readme = readme();
    let mut named = 0;
    // Every other piece between backticks is quoted.
    let quoted_pieces = readme.split('`').enumerate().filter(|(i, _)| i % 2 == 1);
    for (_, quoted) in quoted_pieces {
        let path = quoted.split_whitespace().next().unwrap_or("");
        let is_path = [
            "src/", "end2end/", "tests/", "scripts/", "docs/", "crates/", "style/",
        ]
        .iter()
        .any(|p| path.starts_with(p));
        if is_path && !path.contains(['*', '<', '…']) {
            named += 1;
            assert!(
                std::path::Path::new(path.trim_end_matches(['.', ',', ')'])).exists(),
                "README.md names {path}, which does not exist"
            );
        }
    }
    assert!(named > 10, "only {named} paths found: the scan is broken");
}

#[test]
fn every_file_name_in_the_layout_exists() {
    let readme = readme();
    let layout = readme
        .split("## Layout")
        .nth(1)
        .and_then(|s| s.split("```").nth(1))
        .expect("the layout's tree");
    let mut files = Vec::new();
    collect(std::path::Path::new("src"), &mut files);
    collect(std::path::Path::new("tests"), &mut files);
    collect(std::path::Path::new("crates"), &mut files);
    let mut named = 0;
    for word in layout.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')) {
        let word = word.trim_end_matches('.');
        if let Some(stem) = word
            .strip_suffix(".rs")
            .or_else(|| word.strip_suffix(".js"))
        {
            if stem.is_empty() {
                continue;
            }
            named += 1;
            assert!(
                files.iter().any(|f| f.ends_with(word)),
                "the README's layout names {word}, which is in neither src/ nor tests/"
            );
        }
    }
    assert!(
        named > 30,
        "only {named} file names found: the scan is broken"
    );
}

fn collect(dir: &std::path::Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path.display().to_string());
        }
    }
}
