//! The axum router (feature `ssr`): the one place that mounts everything, Leptos pages and
//! server functions, static files, and the layers around them.

use axum::{http::HeaderValue, middleware, routing::get, Router};
use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::Layer;
use tower_http::{
    compression::CompressionLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer, CompressionLevel,
};

use crate::admin;
use crate::api::{answer, consent_state, gpc, log_keys, receipt};
use crate::app::{shell, App};
use crate::gating::csp::NON_PAGE_POLICY;
use crate::server::{
    cached_pages, cookie_audit_layer, edge, locale, metrics, redirects, request_context,
    state::AppState,
};

/// How long a request may take before it is answered 408: far above any page or post (a
/// consent post gives up on the log after 10 s and answers 503 itself).
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// `/pkg` files carry a content hash in their names when `hash_files` is on, so a browser may
/// keep them for a year without asking again.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Without hashes, a rebuilt file keeps its name: make the browser revalidate.
const REVALIDATE: &str = "no-cache";

/// Builds the whole application router.
pub fn build(state: AppState) -> Router {
    let options = LeptosOptions::clone(&state.leptos);
    let routes = generate_route_list(App);
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let pkg_cache = if options.hash_files {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let pkg = Router::new()
        // Release builds precompress /pkg (cargo leptos --precompress): serve those files as
        // they are instead of compressing the wasm again on every request.
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ));

    let https = state.cookies.secure;
    let observed = state.metrics.clone();
    let admin = match state.admin_token {
        Some(_) => admin::routes(state.clone()),
        // Off without a token: `/admin` is then an unknown page like any other (404).
        None => Router::new(),
    };
    let routed = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(receipt::RECEIPT_PATH, get(receipt::receipt))
        .route(log_keys::LOG_KEYS_PATH, get(log_keys::log_keys))
        .route(gpc::GPC_PATH, get(gpc::gpc_support))
        .route(consent_state::STATE_PATH, get(consent_state::current_state))
        .merge(admin)
        .nest(&format!("/{}", options.site_pkg_dir), pkg)
        // Pages and server functions alike get the visitor's consent state in their context.
        .leptos_routes_with_context(&state, routes, request_context::provide, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(request_context::provide, shell))
        // Innermost: a cached page is still compressed, and the language is already chosen.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            cached_pages::serve,
        ))
        .layer(middleware::from_fn(answer::answer))
        // What the Cookie header shows, counted (names only), once the visitor is decided;
        // outside the page cache, so a cached page expires a cookie without consent too.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            cookie_audit_layer::scan,
        ))
        // The visitor is decided once, for everything inside.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_context::decide,
        ))
        // Pages differ in every response (the nonce), so they are compressed per request and
        // the level is paid each time: the fastest (brotli 0, gzip 1) answers a page about
        // twice as fast as tower-http's default (brotli 4), for about 1 KB more (README,
        // "Speed"). /pkg files are precompressed at the highest level instead.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Fastest),
        )
        // A body over the cap is refused before any handler reads it.
        .layer(middleware::from_fn(edge::cap_body))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        // The route pattern that matched, for the metrics: each of these layers runs after
        // routing, so it is known here, and every answer inside carries it out (a cached
        // page and a timeout included).
        .layer(middleware::from_fn(metrics::mark_route))
        .with_state(state);
    // The language is chosen before routing: `/de/settings` is routed as `/settings`.
    let localized = middleware::from_fn(locale::choose).layer(routed);
    Router::new()
        .fallback_service(localized)
        // Every route has one URL: variants are redirected before anything else runs.
        .layer(middleware::from_fn(redirects::redirect_variants))
        // Before that: a target with no path (`GET host:port`) is a 400, never a panic.
        .layer(middleware::from_fn(edge::require_path))
        // Outside all of the above, so that every answer has them, redirects and refusals
        // included. Pages set their own policy (request_context); everything else may run
        // nothing.
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NON_PAGE_POLICY),
        ))
        .layer(middleware::from_fn(move |req, next| {
            edge::add_security_headers(https, req, next)
        }))
        // No answer, ours or the framework's, sends a browser off this site.
        .layer(middleware::from_fn(redirects::only_local))
        .layer(middleware::from_fn(edge::log_request))
        // Every answer is counted, by route pattern and status.
        .layer(middleware::from_fn_with_state(observed, metrics::observe))
}

/// Liveness probe for process supervisors and the test harness.
/// Readiness: 200 while the consent log can record (the disk guard has room, the database
/// answers), 503 saying why otherwise, so a load balancer sends posts elsewhere. `/healthz`
/// stays liveness: the process answers.
async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let no_store = [(http::header::CACHE_CONTROL, "no-store")];
    match state.log.ready().await {
        Ok(()) => (no_store, "ready\n").into_response(),
        Err(why) => (
            http::StatusCode::SERVICE_UNAVAILABLE,
            no_store,
            format!("not ready: the consent log cannot record ({why})\n"),
        )
            .into_response(),
    }
}

async fn healthz() -> &'static str {
    "ok"
}
