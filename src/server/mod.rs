//! Everything that only runs on the server: configuration, the axum router and its layers,
//! response helpers, shutdown. Compiled with the `ssr` feature only.

pub mod config;
pub mod response;
pub mod router;
pub mod shutdown;
