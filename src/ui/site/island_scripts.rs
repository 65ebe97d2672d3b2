//! `<IslandScripts>`: the `<head>` elements that load the wasm bundle and hydrate the islands,
//! in place of Leptos' `HydrationScripts`, which writes the CSP nonce into the `crossorigin`
//! attribute of its `modulepreload` and `preload` links (leptos-rs/leptos#4843, still so in
//! 0.9.0-rc1). A nonce outside a `nonce` attribute can be read out by CSS attribute selectors
//! ("nonce exfiltration via CSS"), so here it appears only as the value of `nonce`.

use std::sync::OnceLock;

use leptos::{config::LeptosOptions, nonce::use_nonce, prelude::*};

/// The loader (`island_loader.js`) without its comment lines and indentation.
static LOADER: OnceLock<String> = OnceLock::new();

/// The content hashes of the bundle's JS and wasm files, from the `hash.txt` that `cargo
/// leptos build` writes beside the server binary (`js: …` and `wasm: …` lines), read once per
/// process; `None` when there is no such file (then the names carry no hash).
fn hashes(options: &LeptosOptions) -> &'static Option<(String, String)> {
    static HASHES: OnceLock<Option<(String, String)>> = OnceLock::new();
    HASHES.get_or_init(|| {
        let path = std::env::current_exe()
            .ok()?
            .parent()?
            .join(options.hash_file.as_ref());
        let text = std::fs::read_to_string(path).ok()?;
        let hash = |name: &str| {
            text.lines()
                .filter_map(|line| line.trim().split_once(':'))
                .find(|(file, _)| *file == name)
                .map(|(_, hash)| hash.trim().to_string())
        };
        Some((hash("js")?, hash("wasm")?))
    })
}

/// The bundle's file names under `/pkg`, as `cargo leptos` writes them: `{output}.{hash}.js` and
/// `{output}.{hash}.wasm` with hashed names, `{output}.js` and `{output}_bg.wasm` (or
/// `{output}.wasm` when built by cargo-leptos) without.
fn bundle_files(options: &LeptosOptions) -> (String, String) {
    let name = options.output_name.as_ref();
    match hashes(options) {
        Some((js, wasm)) if options.hash_files => {
            (format!("{name}.{js}"), format!("{name}.{wasm}"))
        }
        _ if option_env!("LEPTOS_OUTPUT_NAME").is_none() => {
            (name.to_string(), format!("{name}_bg"))
        }
        _ => (name.to_string(), name.to_string()),
    }
}

/// Preloads the bundle and runs the loader, which hydrates the islands once the browser is idle.
/// Both links are `crossorigin="anonymous"`, which matches how the loader fetches the module
/// (`import()`) and the wasm (`fetch`), so the preloaded responses are used (the CSP allows
/// them as `'self'`). The loader script carries the request's nonce, in `nonce` and nowhere
/// else.
#[component]
pub fn IslandScripts(
    /// Leptos' options: the output name, the `/pkg` directory and whether names are hashed.
    options: LeptosOptions,
) -> impl IntoView {
    // As Leptos does in islands mode: what is outside the islands is not hydrated, so the
    // server writes no hydration keys for it.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let (js, wasm) = bundle_files(&options);
    let pkg = &options.site_pkg_dir;
    let (js, wasm) = (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"));
    let loader = LOADER.get_or_init(|| {
        include_str!("island_loader.js")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    // The URLs are ours (output name and pkg directory): as JSON strings they need no escape.
    let call = format!("{loader}({js:?}, {wasm:?});");
    let nonce = use_nonce();
    view! {
        <link rel="modulepreload" href=js.clone() crossorigin="anonymous"/>
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
        <script type="module" nonce=nonce>{call}</script>
    }
}
