//! Serving connections: HTTP/1.1 and HTTP/2 with limits axum's own `serve` does not expose,
//! and a graceful shutdown that drains what is in flight. Every request carries its
//! connection's address as axum's `ConnectInfo<SocketAddr>`.
//!
//! - A client must send its request head within [`HEADER_READ_TIMEOUT`] (slowloris): a
//!   connection that dribbles its headers is closed.
//! - Request heads larger than [`MAX_HEADER_BYTES`] are refused with 431, before any handler.
//! - On SIGTERM or Ctrl-C the listener closes, idle connections close, and requests in flight
//!   (a consent being recorded included) finish and are answered, for at most
//!   [`DRAIN_TIMEOUT`].

use std::future::Future;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client has to send its request head.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head (request line and headers) accepted, in bytes: four times what
/// browsers send with a full cookie jar for one site.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// How long a shutdown waits for requests in flight.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `shutdown` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(MAX_HEADER_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEADER_BYTES as u32);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok((stream, peer)) => {
                        // Answers go out as written, not held back for more (Nagle).
                        let _ = stream.set_nodelay(true);
                        (stream, peer)
                    }
                    Err(e) => {
                        // Out of file descriptors and the like: wait, and keep serving.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                // Each request knows its connection's address (the sign-in limits read it).
                let service = TowerToHyperService::new(app.clone().map_request(
                    move |mut req: http::Request<_>| {
                        req.extensions_mut().insert(ConnectInfo(peer));
                        req
                    },
                ));
                let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                let connection = graceful.watch(connection.into_owned());
                tokio::spawn(async move {
                    // A client that goes away or sends garbage only ends its own connection.
                    let _ = connection.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after {DRAIN_TIMEOUT:?}: stopping anyway");
    }
    Ok(())
}
