//! The LeadsGen server binary: read config, build the router, serve until a shutdown signal.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use leadsgen_consent::router;
    use leadsgen_consent::server::{config::Config, shutdown, state::AppState};
    use std::sync::Arc;
    use tracing_subscriber::EnvFilter;

    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        .init();

    let config = Config::from_env()?;
    let addr = config.addr();
    let app = router::build(AppState {
        leptos: config.leptos,
        cookies: Arc::new(config.cookies),
        trackers: Arc::new(config.trackers),
    });
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown::signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser entry point is `hydrate()` in lib.rs; this binary only makes sense with `ssr`.
}
