//! `<IslandScripts>`: the `<head>` elements that load the wasm bundle and hydrate the islands,
//! in place of Leptos' `HydrationScripts`, which writes the CSP nonce into the `crossorigin`
//! attribute of its `modulepreload` and `preload` links (leptos-rs/leptos#4843, still so in
//! 0.9.0-rc1). A nonce outside a `nonce` attribute can be read out by CSS attribute selectors
//! ("nonce exfiltration via CSS"), so here it appears only as the value of `nonce`.
//!
//! What this site does not use is not carried over: wasm splitting (`#[lazy]`, Leptos' split
//! manifest) and the islands router (`window.__hydrateIsland`). Using either means coming back
//! here.

use std::sync::OnceLock;

use leptos::{config::LeptosOptions, nonce::use_nonce, prelude::*};

use crate::ui::without_comments;

/// What the `<head>` needs to load the bundle, the same for every page of a process: the module
/// and wasm URLs under `/pkg`, and the loader's call with both.
struct Bundle {
    js: String,
    wasm: String,
    /// `island_loader.js` without its comments, called with the two URLs.
    call: String,
}

impl Bundle {
    /// The process's bundle, worked out on the first render from `options` and kept: a server
    /// has one set of Leptos options, and a rebuilt site needs a restart anyway (its `hash.txt`
    /// is read once, as the page cache keeps pages naming the old files).
    fn of(options: &LeptosOptions) -> &'static Bundle {
        static BUNDLE: OnceLock<Bundle> = OnceLock::new();
        BUNDLE.get_or_init(|| {
            let (js, wasm) = bundle_files(options);
            let pkg = &options.site_pkg_dir;
            let (js, wasm) = (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"));
            // The URLs are ours (output name and pkg directory): as JSON strings they need no
            // escape.
            let loader = without_comments(include_str!("island_loader.js"));
            let call = format!("{loader}({js:?}, {wasm:?});");
            Bundle { js, wasm, call }
        })
    }
}

/// The content hashes of the bundle's JS and wasm files, from the `hash.txt` that `cargo
/// leptos build` writes beside the server binary (`js: …` and `wasm: …` lines); `None` when
/// there is no such file, and a `None` hash for a file it does not name.
fn hashes(options: &LeptosOptions) -> Option<(Option<String>, Option<String>)> {
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
    Some((hash("js"), hash("wasm")))
}

/// The bundle's file names under `/pkg`, without extension, by the rules of Leptos 0.8's
/// `HydrationScripts`: with hashed names, `{output}.{hash}` for each file `hash.txt` names (an
/// error is logged when there is no `hash.txt`, and the names carry no hash); without,
/// `{output}` for the JS and `{output}_bg` for the wasm, unless cargo-leptos built it (it
/// sets `LEPTOS_OUTPUT_NAME` and writes `{output}.wasm`).
fn bundle_files(options: &LeptosOptions) -> (String, String) {
    let name = options.output_name.as_ref();
    let (mut js, mut wasm) = (name.to_string(), name.to_string());
    if options.hash_files {
        match hashes(options) {
            Some((js_hash, wasm_hash)) => {
                for (file, hash) in [(&mut js, js_hash), (&mut wasm, wasm_hash)] {
                    if let Some(hash) = hash {
                        file.push('.');
                        file.push_str(&hash);
                    }
                }
            }
            None => leptos::logging::error!("File hashing is active but no hash file was found"),
        }
    } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        wasm.push_str("_bg");
    }
    (js, wasm)
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
    let bundle = Bundle::of(&options);
    let nonce = use_nonce();
    view! {
        <link rel="modulepreload" href=bundle.js.as_str() crossorigin="anonymous"/>
        <link rel="preload" href=bundle.wasm.as_str() r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
        <script type="module" nonce=nonce>{bundle.call.as_str()}</script>
    }
}
